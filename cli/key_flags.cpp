#include "key_flags.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace latbench::cli {

std::string flag_for_key(std::string_view key) {
  // The keys whose flag is not "--" + the key with '-' for '_'.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> k_irregular{{
      {"headers", "--header"},
      {"server.mode", "--server-mode"},
      {"server.infer", "--infer"},
      {"server.workers", "--workers"},
  }};
  for (const auto& [k, flag] : k_irregular)
    if (k == key) return std::string(flag);
  std::string flag = "--" + std::string(key);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string flag_spelling(std::string_view key) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> k_more{{
      {"requests", ",-n"},
      {"insecure", ",-k"},
      {"headers", ",-H"},
      {"expect_continue", ",!--no-expect-continue"},
  }};
  std::string names = flag_for_key(key);
  for (const auto& [k, more] : k_more)
    if (k == key) names += more;
  return names;
}

}  // namespace latbench::cli
