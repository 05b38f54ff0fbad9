#pragma once
// 95% confidence interval of the median for analyze's summaries: a seeded percentile bootstrap
// (1000 resamples, reproducible for a given seed) up to k_bootstrap_max values; beyond that the
// distribution-free order-statistic interval, which the bootstrap converges to and which needs no
// random numbers.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

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

// The medians (linear interpolation) of `resamples` bootstrap resamples of `sorted` (ascending,
// at least 2 values; else empty). A resample's median depends only on two order statistics of the
// n indices drawn with replacement; those are drawn directly (a Beta variate and the next
// uniform above it), so a resample costs O(1) instead of n draws — drawing n indices per resample
// took seconds per series at n = 200000. Same distribution; same seed, same replicates.
std::vector<double> bootstrap_median_replicates(std::span<const double> sorted, std::size_t resamples,
                                                std::uint64_t seed);

// `sorted`: ascending. Same seed and input, same interval.
MedianCi median_ci(std::span<const double> sorted, std::uint64_t seed = 1, double confidence = 0.95,
                   std::size_t resamples = 1000);

}  // namespace latbench::stats
