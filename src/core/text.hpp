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

// "1 stall", "3 stalls": a count and its noun, which takes an s unless the count is 1.
inline std::string counted(std::uint64_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace latbench
