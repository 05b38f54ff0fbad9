// pack_header / unpack_header (header_layout.hpp): the bytes struct.pack and struct.unpack give.
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "frames/header_layout.hpp"

namespace latbench::frames {
namespace {

bool is_signed_code(char c) { return c == 'b' || c == 'h' || c == 'i' || c == 'l' || c == 'q'; }
bool is_float_code(char c) { return c == 'e' || c == 'f' || c == 'd'; }

// IEEE 754 binary16 from a double, rounded half to even: CPython's PyFloat_Pack2, so the bytes
// match struct.pack('e', x). False when x is too large for a half.
bool to_half(double x, std::uint16_t& out) {
  const std::uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  if (std::isnan(x)) { out = sign | 0x7e00; return true; }
  if (std::isinf(x)) { out = sign | 0x7c00; return true; }
  if (x == 0) { out = sign; return true; }
  int e = 0;
  double f = std::frexp(std::fabs(x), &e);  // f in [0.5, 1)
  f *= 2;
  --e;
  if (e >= 16) return false;
  if (e < -25) {
    f = 0;
    e = 0;
  } else if (e < -14) {
    f = std::ldexp(f, 14 + e);  // subnormal
    e = 0;
  } else {
    e += 15;
    f -= 1;
  }
  f *= 1024;
  auto bits = static_cast<std::uint16_t>(f);
  f -= bits;
  if (f > 0.5 || (f == 0.5 && (bits & 1))) {
    ++bits;
    if (bits == 1024) {
      bits = 0;
      if (++e == 31) return false;
    }
  }
  out = static_cast<std::uint16_t>(sign | (e << 10) | bits);
  return true;
}

double from_half(std::uint16_t h) {
  const int e = (h >> 10) & 0x1f;
  const int m = h & 0x3ff;
  double v;
  if (e == 0) v = std::ldexp(m, -24);
  else if (e == 31) v = m ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
  else v = std::ldexp(m + 1024, e - 25);
  return (h & 0x8000) ? -v : v;
}

void put(char* p, std::uint64_t v, std::size_t size, ByteOrder order) {
  for (std::size_t i = 0; i < size; ++i) {
    const std::size_t shift = 8 * (order == ByteOrder::little ? i : size - 1 - i);
    p[i] = static_cast<char>((v >> shift) & 0xff);
  }
}

std::uint64_t get(const char* p, std::size_t size, ByteOrder order) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const std::size_t shift = 8 * (order == ByteOrder::little ? i : size - 1 - i);
    v |= std::uint64_t{static_cast<unsigned char>(p[i])} << shift;
  }
  return v;
}

const FieldValue* lookup(const FieldValues& values, const std::string& name) {
  for (const auto& [n, v] : values)
    if (n == name) return &v;
  return nullptr;
}

std::string value_text(const FieldValue& v) {
  return std::visit([](auto x) { return fmt::format("{}", x); }, v);
}

// The bits of `v` for an integer field, or an error naming the field and the code's range.
Result<std::uint64_t> integer_bits(const HeaderField& f, const FieldValue& v) {
  if (f.code == '?') {
    const bool truthy = std::visit([](auto x) { return x != 0; }, v);
    return std::uint64_t{truthy ? 1u : 0u};
  }
  const unsigned bits = static_cast<unsigned>(8 * f.size);
  const bool is_signed = is_signed_code(f.code);
  const double lo = is_signed ? -std::ldexp(1.0, static_cast<int>(bits) - 1) : 0.0;
  const double hi_excl = std::ldexp(1.0, static_cast<int>(bits) - (is_signed ? 1 : 0));
  const auto range_error = [&] {
    const std::string range =
        is_signed ? fmt::format("{}..{}", static_cast<std::int64_t>(lo), static_cast<std::uint64_t>(hi_excl) - 1)
                  : fmt::format("0..{}", bits == 64 ? std::numeric_limits<std::uint64_t>::max()
                                                    : (std::uint64_t{1} << bits) - 1);
    return usage_error(fmt::format("{} = {} does not fit '{}' ({})", f.name, value_text(v), f.code, range));
  };
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) return range_error();
    const double x = std::floor(*d);
    if (x < lo || x >= hi_excl) return range_error();
    return x < 0 ? static_cast<std::uint64_t>(static_cast<std::int64_t>(x)) : static_cast<std::uint64_t>(x);
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    if (static_cast<double>(*i) < lo || static_cast<double>(*i) >= hi_excl) return range_error();
    return static_cast<std::uint64_t>(*i);
  }
  const std::uint64_t u = std::get<std::uint64_t>(v);
  if (bits < 64 && (is_signed ? u >= (std::uint64_t{1} << (bits - 1)) : u >= (std::uint64_t{1} << bits)))
    return range_error();
  if (bits == 64 && is_signed && u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return range_error();
  return u;
}

}  // namespace

double as_double(const FieldValue& value) {
  return std::visit([](auto x) { return static_cast<double>(x); }, value);
}

Result<std::size_t> pack_header_append(std::string& out, const HeaderLayout& layout,
                                       const FieldValues& values) {
  std::string bytes(layout.size(), '\0');
  for (const auto& f : layout.fields()) {
    const FieldValue* v = lookup(values, f.name);
    if (v == nullptr) {
      std::string known;
      for (const auto& [n, _] : values) known += (known.empty() ? "" : ", ") + n;
      return usage_error(fmt::format("header field '{}' has no value (a frame gives {})", f.name, known));
    }
    char* p = bytes.data() + f.offset;
    if (is_float_code(f.code)) {
      const double d = as_double(*v);
      if (f.code == 'd') {
        put(p, std::bit_cast<std::uint64_t>(d), 8, layout.order());
      } else if (f.code == 'f') {
        if (std::isfinite(d) && std::fabs(d) > std::numeric_limits<float>::max())
          return usage_error(fmt::format("{} = {} is too large for 'f'", f.name, d));
        put(p, std::bit_cast<std::uint32_t>(static_cast<float>(d)), 4, layout.order());
      } else {
        std::uint16_t h = 0;
        if (!to_half(d, h)) return usage_error(fmt::format("{} = {} is too large for 'e'", f.name, d));
        put(p, h, 2, layout.order());
      }
      continue;
    }
    auto bits = integer_bits(f, *v);
    if (!bits) return bits.error();
    put(p, *bits, f.size, layout.order());
  }
  out += bytes;
  return layout.size();
}

Result<std::string> pack_header(const HeaderLayout& layout, const FieldValues& values) {
  std::string out;
  auto r = pack_header_append(out, layout, values);
  if (!r) return r.error();
  return out;
}

Result<FieldValues> unpack_header(const HeaderLayout& layout, std::string_view bytes) {
  if (bytes.size() < layout.size())
    return input_error(fmt::format("{} bytes, shorter than the {}-byte header '{}'", bytes.size(),
                                   layout.size(), layout.spec()));
  FieldValues values;
  values.reserve(layout.fields().size());
  for (const auto& f : layout.fields()) {
    const std::uint64_t raw = get(bytes.data() + f.offset, f.size, layout.order());
    FieldValue v;
    if (f.code == 'd') v = std::bit_cast<double>(raw);
    else if (f.code == 'f') v = static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(raw)));
    else if (f.code == 'e') v = from_half(static_cast<std::uint16_t>(raw));
    else if (f.code == '?') v = std::uint64_t{raw != 0 ? 1u : 0u};
    else if (is_signed_code(f.code)) {
      const unsigned shift = static_cast<unsigned>(64 - 8 * f.size);  // sign-extend
      v = static_cast<std::int64_t>(raw << shift) >> shift;
    } else v = raw;
    values.emplace_back(f.name, v);
  }
  return values;
}

}  // namespace latbench::frames
