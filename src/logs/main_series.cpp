#include "logs/main_series.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace latbench::logs {

std::string main_series(const std::vector<Series>& series) {
  auto has = [&](std::string_view name) {
    return std::any_of(series.begin(), series.end(), [&](const Series& s) { return s.name == name && !s.values.empty(); });
  };
  // A format's main series by name: the built-ins name it so (format_esp32, format_ultralytics,
  // format_latbench, access_log); a YAML or jsonl log that calls a column "total" means it too.
  static constexpr std::array<std::string_view, 3> k_named{"total", "request_time", "time_taken"};
  for (std::string_view name : k_named)
    if (has(name)) return std::string(name);
  const Series* timed = nullptr;
  for (const Series& s : series) {
    if (s.values.empty() || (s.unit != "ms" && s.unit != "s" && s.unit != "us" && s.unit != "ns")) continue;
    if (timed) return "";  // several: the user must choose
    timed = &s;
  }
  return timed ? timed->name : "";
}

}  // namespace latbench::logs
