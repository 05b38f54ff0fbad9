#pragma once
// 95% confidence interval of the median for analyze's summaries: a seeded percentile bootstrap
// (1000 resamples, reproducible for a given seed) up to k_bootstrap_max values; beyond that the
// distribution-free order-statistic interval, which the bootstrap converges to, in O(1) after
// sorting instead of O(resamples x n).
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

// The 1-based rank k of the distribution-free interval [x_(k), x_(n-k+1)] of the median, which
// covers it with probability at least `confidence` for any continuous distribution: the largest
// k with P(Binomial(n, 1/2) <= k-1) <= (1 - confidence) / 2. Exact (log-space binomial sums) up to
// n = 100000, the normal approximation beyond. 0 when n is too small for any interval at this
// confidence (n < 6 at 95%).
std::uint64_t median_interval_rank(std::uint64_t n, double confidence = 0.95);

// `sorted`: ascending. Same seed and input, same interval.
MedianCi median_ci(std::span<const double> sorted, std::uint64_t seed = 1, double confidence = 0.95,
                   std::size_t resamples = 1000);

}  // namespace latbench::stats
