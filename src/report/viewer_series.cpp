#include "report/viewer_series.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

namespace latbench::report {

std::vector<std::size_t> received_per_second(const std::vector<ViewerPoint>& frames) {
  std::vector<std::size_t> out;
  for (const auto& f : frames) {
    const auto k = static_cast<std::size_t>(std::max(0.0, std::floor(f.arrival_ms / 1000.0)));
    if (k >= out.size()) out.resize(k + 1, 0);
    ++out[k];
  }
  return out;
}

void read_viewer_run_summary(const std::filesystem::path& summary, ViewerRun& run) {
  std::ifstream in(summary);
  if (!in) return;
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  const auto viewer = j.value("/run/viewer"_json_pointer, nlohmann::json());
  if (!viewer.is_object()) return;
  const auto capacity = viewer.value("/capacity/fps"_json_pointer, nlohmann::json());
  if (capacity.is_number()) run.capacity_fps = capacity.get<double>();
  const auto stall = viewer.value("stall_threshold_ms", nlohmann::json());
  if (stall.is_number()) run.stall_ms = stall.get<double>();
}

}  // namespace latbench::report
