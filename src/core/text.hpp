#pragma once
// Tiny text helpers shared by the parsers and the reports.
#include <cstdint>
#include <string>
#include <string_view>

namespace latbench {

// `s` without leading and trailing spaces and tabs (no copy).
constexpr std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `s` begins with `prefix`, ASCII letters compared without case (header names, schemes).
constexpr bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower(s[i]) != ascii_lower(prefix[i])) return false;
  return true;
}

// Whether `a` and `b` are equal, ASCII letters compared without case (file extensions).
constexpr bool equals_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && starts_with_nocase(a, b);
}

// "1 stall", "3 stalls": a count and its noun, which takes an s unless the count is 1.
inline std::string counted(std::uint64_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace latbench
