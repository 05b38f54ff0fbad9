#pragma once
// Error rates: two proportions (errors / requests) compared without assuming normality near 0,
// where latency tools' error rates usually sit.
#include <cstddef>

#include "stats/bootstrap_diff.hpp"

namespace latbench::stats {

// Wilson score interval of k successes in n trials (n > 0).
Interval wilson_interval(std::size_t k, std::size_t n, double confidence = 0.95);

struct ProportionComparison {
  double a = 0, b = 0;       // k_a / n_a, k_b / n_b
  Interval a_ci, b_ci;       // Wilson
  double diff = 0;           // b - a
  Interval diff_ci;          // Newcombe's hybrid score interval (method 10)
  double p_two_sided = 1;    // pooled two-proportion z-test; 1 when no errors (or all) on both
  double z = 0;
};

// Needs n_a, n_b > 0.
ProportionComparison compare_proportions(std::size_t k_a, std::size_t n_a, std::size_t k_b,
                                         std::size_t n_b, double confidence = 0.95);

// Two-sided p of "no difference" that inverts Newcombe's interval: the smallest 1 - confidence at
// which compare_proportions' diff_ci leaves 0 out (found by bisection; the interval widens with
// the confidence), so the interval holds 0 exactly when p >= 1 - confidence. 1 when b - a = 0.
double newcombe_p_value(std::size_t k_a, std::size_t n_a, std::size_t k_b, std::size_t n_b);

// One-sided p-value of "b - a > margin" (margin >= 0, as a proportion): z-test with the pooled
// variance when margin is 0, unpooled otherwise; 1 when the variance is 0 and b - a <= margin.
double proportion_increase_p(std::size_t k_a, std::size_t n_a, std::size_t k_b, std::size_t n_b,
                             double margin);

}  // namespace latbench::stats
