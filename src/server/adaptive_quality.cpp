#include "server/adaptive_quality.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace latbench::server {
namespace {

// The whole number at `text[at..]` up to the next `stop` character (or the end).
struct Number {
  long long value = 0;
  std::size_t end = 0;  // index after it
  bool ok = false;
};

Number read_number(std::string_view text, std::size_t at, char stop) {
  std::size_t end = text.find(stop, at);
  if (end == std::string_view::npos) end = text.size();
  Number n;
  n.end = end;
  auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + end, n.value);
  n.ok = at < end && ec == std::errc() && ptr == text.data() + end;
  return n;
}

Error at_position(std::size_t index, std::string_view expected, std::string_view got) {
  return usage_error(fmt::format("position {}: expected {}, got '{}'", index + 1, expected, got));
}

}  // namespace

Result<std::vector<QualityStep>> parse_adaptive_quality(std::string_view text) {
  std::vector<QualityStep> steps;
  if (text.empty()) return steps;
  std::size_t at = 0;
  while (true) {
    const std::size_t colon = text.find(':', at);
    const std::size_t comma = text.find(',', at);
    if (colon == std::string_view::npos || (comma != std::string_view::npos && comma < colon)) {
      auto item = text.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
      return at_position(at, "DEPTH:QUALITY (like 30:60)", item);
    }
    Number depth = read_number(text, at, ':');
    if (!depth.ok || depth.value < 0)
      return at_position(at, "a queue depth (a whole number >= 0) before ':'", text.substr(at, colon - at));
    Number quality = read_number(text, colon + 1, ',');
    if (!quality.ok || quality.value < 1 || quality.value > 100)
      return at_position(colon + 1, "a quality in 1..100 after ':'",
                         text.substr(colon + 1, quality.end - colon - 1));
    for (const auto& s : steps)
      if (s.depth == static_cast<std::size_t>(depth.value))
        return at_position(at, "each depth once", text.substr(at, colon - at));
    steps.push_back({static_cast<std::size_t>(depth.value), static_cast<int>(quality.value)});
    if (quality.end == text.size()) break;
    at = quality.end + 1;
    if (at == text.size()) return at_position(at - 1, "another DEPTH:QUALITY after ','", "");
  }
  // Highest depth first: select_quality takes the first that matches.
  std::sort(steps.begin(), steps.end(), [](const QualityStep& a, const QualityStep& b) { return a.depth > b.depth; });
  return steps;
}

int select_quality(const std::vector<QualityStep>& steps, std::size_t depth, int fallback) {
  int best = fallback;
  std::size_t best_depth = 0;
  bool found = false;
  for (const auto& s : steps) {
    if (s.depth <= depth && (!found || s.depth > best_depth)) {
      best = s.quality;
      best_depth = s.depth;
      found = true;
    }
  }
  return best;
}

std::string format_adaptive_quality(const std::vector<QualityStep>& steps) {
  auto sorted = steps;
  std::sort(sorted.begin(), sorted.end(), [](const QualityStep& a, const QualityStep& b) { return a.depth > b.depth; });
  std::string out;
  for (const auto& s : sorted) out += fmt::format("{}{}:{}", out.empty() ? "" : ",", s.depth, s.quality);
  return out;
}

}  // namespace latbench::server
