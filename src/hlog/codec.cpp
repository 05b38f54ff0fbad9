#include "hlog/codec.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <bit>
#include <cstring>

namespace latbench::hlog {
namespace {

// The cookies with HdrHistogram's word-size nibble 0x10 (V2: LEB128 counts).
constexpr std::uint32_t k_v2_cookie = 0x1c849303 | 0x10;
constexpr std::uint32_t k_v2_compressed_cookie = 0x1c849304 | 0x10;
constexpr std::uint32_t k_cookie_base_mask = ~std::uint32_t{0xf0};
constexpr std::size_t k_header_size = 40;

void put_be(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_be(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
  return v;
}

// The uncompressed V2 encoding: header, then the counts up to the largest recorded one.
std::string encode_plain(const Histogram& h) {
  std::string out;
  put_be(out, k_v2_cookie, 4);
  put_be(out, 0, 4);  // payload length, set below
  put_be(out, 0, 4);  // normalizing index offset: we never shift
  put_be(out, static_cast<std::uint32_t>(h.layout().digits), 4);
  put_be(out, static_cast<std::uint64_t>(h.layout().lowest), 8);
  put_be(out, static_cast<std::uint64_t>(h.layout().highest), 8);
  put_be(out, std::bit_cast<std::uint64_t>(1.0), 8);  // integer values: ratio 1
  // Java encodes up to countsArrayIndex(maxValue) + 1: one 0 count for an empty histogram.
  const int limit = (h.max() > 0 ? h.index_of(h.max()) : 0) + 1;
  for (int i = 0; i < limit;) {
    const std::int64_t n = h.count_at_index(i++);
    if (n != 0) {
      put_zigzag(out, n);
      continue;
    }
    std::int64_t zeros = 1;
    while (i < limit && h.count_at_index(i) == 0) {
      ++zeros;
      ++i;
    }
    put_zigzag(out, zeros > 1 ? -zeros : 0);
  }
  const auto payload = static_cast<std::uint32_t>(out.size() - k_header_size);
  for (int b = 0; b < 4; ++b) out[4 + static_cast<std::size_t>(b)] = static_cast<char>((payload >> (8 * (3 - b))) & 0xff);
  return out;
}

// Inflates a zlib stream, at most `limit` bytes of output (a corrupt length cannot take memory).
Result<std::string> inflate_bounded(std::string_view in, std::size_t limit) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return input_error("cannot start zlib");
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char chunk[16384];
  std::string failure;
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z.avail_out);
    if (out.size() > limit) {
      failure = fmt::format("the histogram inflates beyond {} bytes", limit);
      break;
    }
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK) {  // Z_BUF_ERROR: the input ended before the stream did
      failure = fmt::format("the compressed histogram is corrupt or truncated (zlib: {})",
                            z.msg ? z.msg : "the stream ends early");
      break;
    }
  }
  inflateEnd(&z);
  if (!failure.empty()) return input_error(failure);
  return out;
}

}  // namespace

void put_zigzag(std::string& out, std::int64_t value) {
  std::uint64_t v = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
  for (int i = 0; i < 8; ++i) {
    if ((v >> 7) == 0) {
      out.push_back(static_cast<char>(v));
      return;
    }
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));  // the 9th byte carries all its 8 bits
}

Result<std::int64_t> get_zigzag(std::string_view in, std::size_t& pos) {
  std::uint64_t v = 0;
  for (int i = 0; i < 9; ++i) {
    if (pos >= in.size()) return input_error("the counts end inside a number");
    const auto b = static_cast<unsigned char>(in[pos++]);
    if (i == 8) {
      v |= static_cast<std::uint64_t>(b) << 56;
      break;
    }
    v |= static_cast<std::uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) break;
  }
  return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

std::string encode_compressed(const Histogram& h) {
  const std::string plain = encode_plain(h);
  uLongf size = compressBound(static_cast<uLong>(plain.size()));
  std::string packed(size, '\0');
  compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(plain.data()),
            static_cast<uLong>(plain.size()), Z_BEST_COMPRESSION);
  packed.resize(size);
  std::string out;
  put_be(out, k_v2_compressed_cookie, 4);
  put_be(out, static_cast<std::uint32_t>(packed.size()), 4);
  return out + packed;
}

Result<Histogram> decode_compressed(std::string_view bytes) {
  if (bytes.size() < 8) return input_error(fmt::format("{} bytes are too short for a compressed histogram", bytes.size()));
  const auto cookie = static_cast<std::uint32_t>(get_be(bytes, 0, 4));
  if ((cookie & k_cookie_base_mask) != (k_v2_compressed_cookie & k_cookie_base_mask))
    return input_error(fmt::format("cookie 0x{:08x} is not a compressed V2 histogram (0x1c849314)", cookie));
  const auto length = get_be(bytes, 4, 4);
  if (length > bytes.size() - 8)
    return input_error(fmt::format("the compressed length {} is longer than the {} bytes that follow", length, bytes.size() - 8));
  // The largest layout (1 to 2^63 at 5 digits) has 2^22 counts of at most 9 bytes each.
  auto plain = inflate_bounded(bytes.substr(8, length), k_header_size + (std::size_t{9} << 22));
  if (!plain) return plain.error();
  const std::string& p = *plain;
  if (p.size() < k_header_size) return input_error("the histogram's header is truncated");
  if (get_be(p, 0, 4) != k_v2_cookie)
    return input_error(fmt::format("inner cookie 0x{:08x} is not a V2 histogram (0x1c849313)", get_be(p, 0, 4)));
  const auto payload = get_be(p, 4, 4);
  if (get_be(p, 8, 4) != 0) return input_error("a histogram with a normalizing index offset (shifted) is not supported");
  Layout layout;
  layout.digits = static_cast<int>(get_be(p, 12, 4));
  layout.lowest = static_cast<std::int64_t>(get_be(p, 16, 8));
  layout.highest = static_cast<std::int64_t>(get_be(p, 24, 8));
  if (std::bit_cast<double>(get_be(p, 32, 8)) != 1.0)
    return input_error("a histogram of doubles (integer-to-double ratio other than 1) is not supported");
  if (payload > p.size() - k_header_size)
    return input_error(fmt::format("the payload length {} is longer than the {} bytes inflated", payload, p.size() - k_header_size));
  auto made = Histogram::make(layout);
  if (!made) return input_error(std::string("the histogram's layout: ") + made.error().what());
  Histogram h = std::move(made).take();
  const std::string_view counts = std::string_view(p).substr(k_header_size, payload);
  std::size_t pos = 0;
  std::int64_t index = 0;
  while (pos < counts.size()) {
    auto n = get_zigzag(counts, pos);
    if (!n) return n.error();
    if (*n < 0) {
      index -= *n;  // a run of zeros
      continue;
    }
    if (*n > 0 && (index >= h.counts_length() || !h.set_count_at_index(static_cast<int>(index), *n)))
      return input_error(fmt::format("a count at index {} is beyond the layout's {} counts", index, h.counts_length()));
    ++index;
  }
  return h;
}

}  // namespace latbench::hlog
