#pragma once
// Seeded percentile bootstrap of a statistic (quantile, mean, trimmed mean, SD) of two
// independent samples, and of their difference and relative change. Each resample is drawn as
// counts over the sorted input, so a quantile of a resample costs O(n), not a sort.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "stats/trim.hpp"

namespace latbench::stats {

struct Estimator {
  enum class Kind { quantile, mean, trimmed_mean, sd };
  Kind kind = Kind::mean;
  double p = 0;  // quantile: in [0, 1], linear interpolation (numpy's default, like summary)
  Trim trim;     // trimmed_mean: what to drop from each end (trim_per_end of the sample size)
};

struct BootstrapOptions {
  std::size_t resamples = 1000;
  std::uint64_t seed = 1;
  double confidence = 0.95;
};

struct Interval {
  double low = 0, high = 0;
};

// The statistic of `sorted` (ascending, non-empty), one per estimator, by the same definitions
// the resamples use. SD is the sample SD (n-1), 0 for one value.
std::vector<double> estimate_all(std::span<const double> sorted, std::span<const Estimator> estimators);

// replicates[e][r]: estimator e on resample r of `sorted` (non-empty), drawn with replacement
// from a generator seeded with `seed` (same seed, same input: same replicates).
std::vector<std::vector<double>> bootstrap_replicates(std::span<const double> sorted,
                                                      std::span<const Estimator> estimators,
                                                      std::size_t resamples, std::uint64_t seed);

// The (1-confidence)/2 and (1+confidence)/2 percentiles of `replicates` (reordered in place).
Interval percentile_interval(std::vector<double>& replicates, double confidence);

struct BootstrapComparison {
  double a = 0, b = 0;    // point estimates of each sample
  Interval a_ci, b_ci;
  double diff = 0;        // b - a
  Interval diff_ci;
  bool has_relative = false;  // false when a == 0: a relative change is then undefined
  double rel_pct = 0;         // (b - a) / a * 100
  Interval rel_ci;
  // Bootstrap p of "no change", from the replicates of the change shown (relative when there is
  // one, else the difference) by percentile_p_value: < 1 - confidence exactly when that change's
  // interval leaves 0 out.
  double p_two_sided = 1;
  std::vector<double> b_replicates, diff_replicates, rel_replicates;  // for one-sided tests
};

// Compares b with a (both sorted ascending, non-empty) for every estimator. a and b draw from
// differently seeded streams derived from options.seed.
std::vector<BootstrapComparison> bootstrap_compare(std::span<const double> sorted_a,
                                                   std::span<const double> sorted_b,
                                                   std::span<const Estimator> estimators,
                                                   const BootstrapOptions& options = {});

// Two-sided p of "the statistic is `null_value`" that inverts percentile_interval: the smallest
// 1 - confidence at which the percentile interval of `replicates` leaves `null_value` out (its
// inverse-interpolated rank from either end, doubled), so p < 1 - c exactly when the interval at c
// excludes it. Never below 2 / (B + 1), since B resamples cannot show less; 1 when empty.
double percentile_p_value(std::span<const double> replicates, double null_value);

// Share of replicates at or below `bound`, with the +1 correction: (count + 1) / (B + 1). As a
// one-sided p-value of "the statistic is above bound" it is never 0.
double share_at_or_below(std::span<const double> replicates, double bound);

}  // namespace latbench::stats
