#pragma once
// Tiny text helpers shared by the option, spec and header parsers.
#include <string_view>

namespace latbench {

// `s` without leading and trailing spaces and tabs (no copy).
constexpr std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace latbench
