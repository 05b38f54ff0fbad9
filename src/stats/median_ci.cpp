#include "stats/median_ci.hpp"

#include <fmt/format.h>

#include "stats/bootstrap_diff.hpp"
#include "stats/rank_intervals.hpp"

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
    const ShiftInterval iv = median_interval(sorted, confidence);
    ci.low = iv.low;
    ci.high = iv.high;
    ci.method = "order statistics (binomial), n > 200000";
  }
  ci.valid = true;
  return ci;
}

}  // namespace latbench::stats
