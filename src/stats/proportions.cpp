#include "stats/proportions.hpp"

#include <algorithm>
#include <cmath>

#include "stats/mann_whitney.hpp"

namespace latbench::stats {

Interval wilson_interval(std::size_t k, std::size_t n, double confidence) {
  const double z = normal_quantile(1.0 - (1.0 - confidence) / 2.0);
  const double nd = static_cast<double>(n), p = static_cast<double>(k) / nd;
  const double centre = (p + z * z / (2 * nd)) / (1 + z * z / nd);
  const double half = z / (1 + z * z / nd) * std::sqrt(p * (1 - p) / nd + z * z / (4 * nd * nd));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

ProportionComparison compare_proportions(std::size_t k_a, std::size_t n_a, std::size_t k_b,
                                         std::size_t n_b, double confidence) {
  ProportionComparison c;
  const double na = static_cast<double>(n_a), nb = static_cast<double>(n_b);
  c.a = static_cast<double>(k_a) / na;
  c.b = static_cast<double>(k_b) / nb;
  c.a_ci = wilson_interval(k_a, n_a, confidence);
  c.b_ci = wilson_interval(k_b, n_b, confidence);
  c.diff = c.b - c.a;
  // Newcombe (1998) method 10: combine each side's Wilson distances; sane at 0 errors.
  c.diff_ci.low = c.diff - std::sqrt(std::pow(c.b - c.b_ci.low, 2) + std::pow(c.a_ci.high - c.a, 2));
  c.diff_ci.high = c.diff + std::sqrt(std::pow(c.b_ci.high - c.b, 2) + std::pow(c.a - c.a_ci.low, 2));
  const double pooled = static_cast<double>(k_a + k_b) / (na + nb);
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  if (se > 0) {
    c.z = c.diff / se;
    c.p_two_sided = std::min(1.0, 2.0 * normal_sf(std::fabs(c.z)));
  }
  return c;
}

double newcombe_p_value(std::size_t k_a, std::size_t n_a, std::size_t k_b, std::size_t n_b) {
  auto holds_zero = [&](double confidence) {
    const Interval ci = compare_proportions(k_a, n_a, k_b, n_b, confidence).diff_ci;
    return ci.low <= 0 && ci.high >= 0;
  };
  if (holds_zero(1e-9)) return 1.0;
  double excludes = 1e-9, holds = 1 - 1e-12;
  if (!holds_zero(holds)) return 1 - holds;
  for (int i = 0; i < 60; ++i) {
    const double mid = (excludes + holds) / 2;
    (holds_zero(mid) ? holds : excludes) = mid;
  }
  return 1 - holds;
}

double proportion_increase_p(std::size_t k_a, std::size_t n_a, std::size_t k_b, std::size_t n_b,
                             double margin) {
  const double na = static_cast<double>(n_a), nb = static_cast<double>(n_b);
  const double pa = static_cast<double>(k_a) / na, pb = static_cast<double>(k_b) / nb;
  double se = 0;
  if (margin == 0) {
    const double pooled = static_cast<double>(k_a + k_b) / (na + nb);
    se = std::sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  } else {
    se = std::sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb);
  }
  if (!(se > 0)) return 1.0;
  return normal_sf((pb - pa - margin) / se);
}

}  // namespace latbench::stats
