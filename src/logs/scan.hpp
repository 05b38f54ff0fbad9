#pragma once
// Small hand-written scanning helpers shared by the built-in formats (the hot path of analyze:
// no regex, no allocation per line).
#include <cctype>
#include <charconv>
#include <cstring>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace latbench::logs {

inline constexpr const char* k_skip_range = "number out of range";
inline constexpr const char* k_skip_truncated = "truncated last line";

enum class NumberStatus { ok, none, out_of_range };

// scan_number's general case (signs, exponents, long mantissas): from_chars from `first`, kept
// out of line so that the fast path inlines into the formats' loops.
NumberStatus scan_number_slow(std::string_view& text, const char* first, double& value);

// Parses a decimal number at the start of `text` (leading spaces skipped); `text` is advanced
// past it. Rejects inf/nan spellings: logs mean numbers. Always inlined: it runs a few times per
// line, and a call per number was ~10% of a big log's time (perf).
[[gnu::always_inline]] inline NumberStatus scan_number(std::string_view& text, double& value) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  const char* first = text.data() + i;
  const char* last = text.data() + text.size();
  if (first == last || !(std::isdigit(static_cast<unsigned char>(*first)) || *first == '-' || *first == '.' || *first == '+'))
    return NumberStatus::none;
  if (*first == '+') ++first;
  // Fast path for plain integers and short decimals (most log timings), no from_chars call: with
  // at most 15 digits the digits are an exact integer n (< 2^53) and 10^k is exact, so n / 10^k,
  // one correctly rounded division, is the correctly rounded value from_chars gives.
  {
    static constexpr double k_pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char* p = first;
    std::uint64_t n = 0;
    while (p < last && p - first < 15 && static_cast<unsigned>(*p - '0') < 10) n = n * 10 + static_cast<unsigned>(*p++ - '0');
    int decimals = 0;
    if (p > first && p + 1 < last && *p == '.' && static_cast<unsigned>(p[1] - '0') < 10) {
      const char* q = p + 1;
      while (q < last && (q - first) - 1 < 15 && static_cast<unsigned>(*q - '0') < 10) {
        n = n * 10 + static_cast<unsigned>(*q++ - '0');
        ++decimals;
      }
      p = q;
    }
    if (p > first && (p == last || (*p != '.' && *p != 'e' && *p != 'E' && static_cast<unsigned>(*p - '0') >= 10))) {
      value = static_cast<double>(n) / k_pow10[decimals];
      text.remove_prefix(static_cast<std::size_t>(p - text.data()));
      return NumberStatus::ok;
    }
  }
  return scan_number_slow(text, first, value);
}

// Whole-field number: all of `text` (surrounding spaces allowed) must be the number.
inline NumberStatus parse_number(std::string_view text, double& value) {
  NumberStatus s = scan_number(text, value);
  if (s != NumberStatus::ok) return s;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text.empty() ? NumberStatus::ok : NumberStatus::none;
}

// `literal` at the start of `t`, by a compare of fixed length that the compiler inlines (the
// length of string_view::starts_with is known only at run time: a memcmp call per test).
template <std::size_t N>
inline bool starts_with_literal(std::string_view t, const char (&literal)[N]) {
  return t.size() >= N - 1 && std::memcmp(t.data(), literal, N - 1) == 0;
}

inline std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "Network Send Time After Payload Creation" -> "network_send_time_after_payload_creation".
inline std::string snake_case(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// Factor to milliseconds for a unit name; 0 when unknown.
inline double unit_to_ms(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "us" || unit == "µs") return 1e-3;
  if (unit == "ns") return 1e-6;
  if (unit == "m" || unit == "min") return 60000;
  return 0;
}

}  // namespace latbench::logs
