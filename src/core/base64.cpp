#include "core/base64.hpp"

#include <array>
#include <cstdint>

#include <fmt/format.h>

namespace latbench {
namespace {

constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t k_invalid = 0xff;

constexpr std::array<std::uint8_t, 256> make_reverse() {
  std::array<std::uint8_t, 256> table{};
  for (auto& v : table) v = k_invalid;
  for (std::uint8_t i = 0; i < 64; ++i) table[static_cast<unsigned char>(k_alphabet[i])] = i;
  return table;
}
constexpr std::array<std::uint8_t, 256> k_reverse = make_reverse();

}  // namespace

void base64_append(std::string& out, std::string_view bytes) {
  const std::size_t start = out.size();
  out.resize(start + base64_encoded_size(bytes.size()));
  char* w = out.data() + start;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  for (; n >= 3; n -= 3, p += 3) {
    const std::uint32_t v = (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
    *w++ = k_alphabet[(v >> 18) & 63];
    *w++ = k_alphabet[(v >> 12) & 63];
    *w++ = k_alphabet[(v >> 6) & 63];
    *w++ = k_alphabet[v & 63];
  }
  if (n > 0) {
    const std::uint32_t v = (std::uint32_t{p[0]} << 16) | (n == 2 ? std::uint32_t{p[1]} << 8 : 0);
    *w++ = k_alphabet[(v >> 18) & 63];
    *w++ = k_alphabet[(v >> 12) & 63];
    *w++ = n == 2 ? k_alphabet[(v >> 6) & 63] : '=';
    *w++ = '=';
  }
}

Result<std::size_t> base64_decode_append(std::string& out, std::string_view text) {
  std::size_t len = text.size();
  // Up to two '=' at the end; none anywhere else.
  std::size_t pad = 0;
  while (pad < 2 && len > 0 && text[len - 1] == '=') { --len; ++pad; }
  if (pad > 0 && text.size() % 4 != 0)
    return input_error(fmt::format("base64 of {} characters: padded text must be a multiple of 4 long",
                                   text.size()));
  if (len % 4 == 1)
    return input_error(fmt::format("base64 of {} characters: no encoding has that length", len));
  const std::size_t start = out.size();
  out.resize(start + len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1));
  char* w = out.data() + start;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < len; ++i) {
    const std::uint8_t v = k_reverse[p[i]];
    if (v == k_invalid)
      return input_error(fmt::format("base64 offset {}: '{}' is not a base64 character", i,
                                     p[i] >= 0x20 && p[i] < 0x7f ? std::string(1, char(p[i]))
                                                                 : fmt::format("\\x{:02x}", p[i])));
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *w++ = static_cast<char>((acc >> bits) & 0xff);
    }
  }
  // Non-zero bits after the last byte are ignored, as Python and browsers do (RFC 4648 3.5
  // lets a decoder accept them).
  return out.size() - start;
}

}  // namespace latbench
