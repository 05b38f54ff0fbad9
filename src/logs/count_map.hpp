#pragma once
// Counts by text key, looked up by string_view: no std::string built per log line (a
// std::map<std::string, n>[std::string(key)] per line was most of the uvicorn format's time).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace latbench::logs {

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

using CountMap = std::unordered_map<std::string, std::uint64_t, TextHash, std::equal_to<>>;

inline void add_count(CountMap& counts, std::string_view key, std::uint64_t n = 1) {
  if (auto it = counts.find(key); it != counts.end()) it->second += n;
  else counts.emplace(std::string(key), n);
}

}  // namespace latbench::logs
