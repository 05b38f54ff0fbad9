#pragma once
// 95% confidence interval of the median for analyze's summaries: a seeded percentile bootstrap
// (1000 resamples, reproducible for a given seed) up to k_bootstrap_max values; beyond that the
// distribution-free order-statistic interval, which the bootstrap converges to, in O(1) after
// sorting instead of O(resamples x n). (stats::median_interval is not used: its 0.5^n underflows
// for n > 1074 and it then returns [min, max].)
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace latbench::stats {

inline constexpr std::size_t k_bootstrap_max = 200000;

struct MedianCi {
  double low = 0, high = 0;
  std::string method;   // "bootstrap, 1000 resamples, seed 1" or "order statistics (...)"
  bool valid = false;   // false for fewer than 2 values: no interval is printed
};

// `sorted`: ascending. Same seed and input, same interval.
MedianCi median_ci(std::span<const double> sorted, std::uint64_t seed = 1, double confidence = 0.95,
                   std::size_t resamples = 1000);

}  // namespace latbench::stats
