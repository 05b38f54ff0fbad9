#pragma once
// The Hodges-Lehmann shift of one sample against another, its interval and its Mann-Whitney
// test, made from one test so they cannot disagree: the interval is the set of shifts d for
// which the test of (y - d) against x does not reject, so the interval holds 0 exactly when the
// two-sided p of "no shift" is >= 1 - confidence. Works on any sizes without building the
// n1 x n2 differences (order statistics of y_j - x_i are found by counting, O(n) per probe).
#include <span>

#include "stats/mann_whitney.hpp"

namespace latbench::stats {

struct ShiftTest {
  double estimate = 0;          // median of all y_j - x_i
  double low = 0, high = 0;     // the interval at the asked confidence
  // false when the samples are too small for an interval at this confidence: low/high are then
  // the smallest and largest difference, and callers should say so.
  bool covers = false;
  MannWhitney test;             // y against x, two-sided: the same numbers as mann_whitney_u(y, x)
};

// `x`, `y` non-empty, finite. The interval's ends are order statistics of the differences whose
// ranks come from the null distribution of U with the samples' own ties (exact without ties for
// sizes <= k_exact_max_n, else normal with tie and continuity correction, as mann_whitney_u).
// Moses' interval when there are no ties. Empty input gives all zeros, covers = false.
ShiftTest shift_test(std::span<const double> x, std::span<const double> y, double confidence = 0.95);

// One-sided Mann-Whitney p of "y is shifted above x by more than `delta`" (alternative greater,
// on y - delta against x; ties at that shift counted by midranks), or "below x by more than
// -delta" with `greater` false: u and p of that test (p 1 when either sample is empty).
MannWhitney shift_p_beyond(std::span<const double> x, std::span<const double> y, double delta, bool greater);

}  // namespace latbench::stats
