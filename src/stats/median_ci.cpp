#include "stats/median_ci.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "stats/bootstrap_diff.hpp"
#include "stats/mann_whitney.hpp"  // normal_quantile

namespace latbench::stats {

MedianCi median_ci(std::span<const double> sorted, std::uint64_t seed, double confidence, std::size_t resamples) {
  MedianCi ci;
  if (sorted.size() < 2) return ci;
  if (sorted.size() <= k_bootstrap_max) {
    const Estimator median{Estimator::Kind::quantile, 0.5, {}};
    auto replicates = bootstrap_replicates(sorted, std::span<const Estimator>(&median, 1), resamples, seed);
    const Interval iv = percentile_interval(replicates[0], confidence);
    ci.low = iv.low;
    ci.high = iv.high;
    ci.method = fmt::format("bootstrap, {} resamples, seed {}", resamples, seed);
  } else {
    // Ranks of the distribution-free interval [x_(k), x_(n-k+1)] (1-based), with the binomial
    // (n, 1/2) quantile from its normal approximation — exact enough at n > 200000, where the
    // binomial's own pmf (0.5^n) underflows.
    const double n = static_cast<double>(sorted.size());
    const double z = normal_quantile(0.5 + confidence / 2);
    const auto k = static_cast<std::size_t>(std::max(1.0, std::floor(n / 2 - z * std::sqrt(n) / 2)));
    ci.low = sorted[k - 1];
    ci.high = sorted[sorted.size() - k];
    ci.method = fmt::format("order statistics (normal approximation of the binomial), n > {}", k_bootstrap_max);
  }
  ci.valid = true;
  return ci;
}

}  // namespace latbench::stats
