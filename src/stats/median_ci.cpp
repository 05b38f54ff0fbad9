#include "stats/median_ci.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "stats/bootstrap_diff.hpp"
#include "stats/mann_whitney.hpp"  // normal_quantile

namespace latbench::stats {

std::uint64_t median_interval_rank(std::uint64_t n, double confidence) {
  const double tail = (1 - confidence) / 2;
  if (n > 100000) {
    // Exact enough here; the exact sum would take n/2 terms.
    const double nn = static_cast<double>(n);
    const double z = normal_quantile(0.5 + confidence / 2);
    return static_cast<std::uint64_t>(std::max(1.0, std::floor(nn / 2 - z * std::sqrt(nn) / 2)));
  }
  // P(B = i) = C(n, i) / 2^n, in logs so that 0.5^n cannot underflow.
  const double log_total = static_cast<double>(n) * std::log(2.0);
  const double lgn = std::lgamma(static_cast<double>(n) + 1);
  double cdf = 0;  // P(B <= i)
  std::uint64_t k = 0;
  for (std::uint64_t i = 0; i <= n / 2; ++i) {
    const double di = static_cast<double>(i);
    cdf += std::exp(lgn - std::lgamma(di + 1) - std::lgamma(static_cast<double>(n) - di + 1) - log_total);
    if (cdf > tail * (1 + 1e-12)) break;
    k = i + 1;  // P(B <= k-1) = cdf <= tail
  }
  return k;
}

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
    const auto k = static_cast<std::size_t>(median_interval_rank(sorted.size(), confidence));
    ci.low = sorted[k - 1];
    ci.high = sorted[sorted.size() - k];
    ci.method = fmt::format("order statistics (normal approximation of the binomial), n > {}", k_bootstrap_max);
  }
  ci.valid = true;
  return ci;
}

}  // namespace latbench::stats
