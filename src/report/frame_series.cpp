#include "report/frame_series.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

namespace latbench::report {
namespace {

// The member at `path`, or null when a step is missing or not an object (no throw on odd files).
const nlohmann::json* member(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* at = &j;
  for (const char* key : path) {
    if (!at->is_object()) return nullptr;
    const auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

}  // namespace

std::vector<std::size_t> answered_per_second(const std::vector<FramePoint>& frames) {
  std::vector<std::size_t> bins;
  for (const auto& f : frames) {
    const double answer_ms = f.start_ms + f.rtt_ms;
    if (f.outcome != FrameOutcome::answered || !std::isfinite(answer_ms) || answer_ms < 0) continue;
    const auto second = static_cast<std::size_t>(std::floor(answer_ms / 1000.0));
    if (second >= bins.size()) bins.resize(second + 1, 0);
    ++bins[second];
  }
  return bins;
}

std::vector<std::size_t> clock_gaps(const std::vector<FramePoint>& frames) {
  // Each device's sends in file order (its own clock), as indices into `frames`.
  std::map<std::uint64_t, std::vector<std::size_t>> by_device;
  for (std::size_t i = 0; i < frames.size(); ++i) by_device[frames[i].device].push_back(i);
  std::vector<std::size_t> out;
  for (const auto& [device, order] : by_device) {
    std::vector<double> intervals;
    for (std::size_t k = 1; k < order.size(); ++k)
      intervals.push_back(frames[order[k]].intended_ms - frames[order[k - 1]].intended_ms);
    if (intervals.size() < 2) continue;  // one interval is its own median: no gap can show
    std::vector<double> sorted = intervals;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
    const double median = sorted[sorted.size() / 2];
    if (!(median > 0)) continue;
    for (std::size_t k = 1; k < order.size(); ++k)
      if (intervals[k - 1] > 1.5 * median) out.push_back(order[k]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void read_frame_run_summary(const std::filesystem::path& summary, FrameRun& run) {
  std::ifstream in(summary, std::ios::binary);
  if (!in) return;
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return;
  const nlohmann::json* rate = member(j, {"run", "rate", "intended_per_s"});
  if (rate && rate->is_number() && rate->get<double>() > 0) run.target_per_s = rate->get<double>();
  const nlohmann::json* skipped = member(j, {"run", "requests", "skipped_frames"});
  if (skipped && skipped->is_number_unsigned()) run.skipped = skipped->get<std::uint64_t>();
}

}  // namespace latbench::report
