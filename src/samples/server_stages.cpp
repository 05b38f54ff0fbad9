#include "samples/server_stages.hpp"

#include <algorithm>

namespace latbench::samples {

std::optional<double> server_processing_ms(const std::vector<TimingMetric>& metrics) {
  std::optional<double> total, recv;
  for (const auto& m : metrics) {
    if (m.name == "total") total = m.dur_ms;
    else if (m.name == "recv") recv = m.dur_ms;
  }
  if (!total) return std::nullopt;
  return recv ? std::max(0.0, *total - *recv) : *total;
}

}  // namespace latbench::samples
