#pragma once
// Distribution-free intervals for a handful of values (e.g. 10 rounds per side), where a
// bootstrap would be too coarse: the order-statistic interval of a median, and the
// Hodges-Lehmann shift between two samples with its Moses (Mann-Whitney based) interval.
#include <span>

namespace latbench::stats {

struct ShiftInterval {
  double estimate = 0;
  double low = 0, high = 0;
  // false when the samples are too small for the asked confidence: low/high are then the
  // widest possible (min and max), and callers should say so.
  bool covers = false;
};

// Median of `values` with the interval [x_(k), x_(n-k+1)], k the largest order statistic with
// P(Binomial(n, 1/2) < k) <= (1 - confidence) / 2. Empty input gives all zeros, covers = false.
ShiftInterval median_interval(std::span<const double> values, double confidence = 0.95);

// Hodges-Lehmann estimate of the shift of `y` relative to `x` (the median of all y_j - x_i) with
// its rank-based interval: shift_test's (Moses' [D_(c+1), D_(N-c)] without ties), any size.
ShiftInterval hodges_lehmann(std::span<const double> x, std::span<const double> y,
                             double confidence = 0.95);

}  // namespace latbench::stats
