#include "stats/rank_intervals.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/mann_whitney.hpp"
#include "stats/median_ci.hpp"
#include "stats/summary.hpp"

namespace latbench::stats {
namespace {

double median_of_sorted(const std::vector<double>& s) {
  const std::size_t n = s.size();
  return n % 2 ? s[n / 2] : interpolate(s[n / 2 - 1], s[n / 2], 0.5);
}

// Largest c with P(U <= c) <= tail, or -1 when even U = 0 is more likely than tail.
long critical_u(std::size_t n1, std::size_t n2, double tail) {
  if (n1 <= k_exact_max_n && n2 <= k_exact_max_n) {
    const std::vector<double> pmf = mann_whitney_null_pmf(n1, n2);
    double cdf = 0;
    long c = -1;
    for (std::size_t u = 0; u < pmf.size(); ++u) {
      cdf += pmf[u];
      if (cdf > tail + 1e-12) break;
      c = static_cast<long>(u);
    }
    return c;
  }
  const double a = static_cast<double>(n1), b = static_cast<double>(n2);
  const double sigma = std::sqrt(a * b * (a + b + 1) / 12.0);
  return static_cast<long>(std::floor(a * b / 2.0 - 0.5 + normal_quantile(tail) * sigma));
}

}  // namespace

ShiftInterval median_interval(std::span<const double> values, double confidence) {
  ShiftInterval out;
  if (values.empty()) return out;
  std::vector<double> s(values.begin(), values.end());
  std::sort(s.begin(), s.end());
  const std::size_t n = s.size();
  out.estimate = median_of_sorted(s);
  const std::size_t k = static_cast<std::size_t>(median_interval_rank(n, confidence));
  // 1-based [x_(k), x_(n-k+1)] is 0-based [k-1, n-k].
  if (k == 0 || k - 1 > n - k) {
    out.low = s.front();
    out.high = s.back();
    return out;
  }
  out.low = s[k - 1];
  out.high = s[n - k];
  out.covers = true;
  return out;
}

ShiftInterval hodges_lehmann(std::span<const double> x, std::span<const double> y,
                             double confidence) {
  ShiftInterval out;
  if (x.empty() || y.empty()) return out;
  const double pairs = static_cast<double>(x.size()) * static_cast<double>(y.size());
  if (pairs > k_max_pairs) {
    std::vector<double> sx(x.begin(), x.end()), sy(y.begin(), y.end());
    std::sort(sx.begin(), sx.end());
    std::sort(sy.begin(), sy.end());
    out.estimate = median_of_sorted(sy) - median_of_sorted(sx);
    out.low = sy.front() - sx.back();
    out.high = sy.back() - sx.front();
    return out;
  }
  std::vector<double> d;
  d.reserve(static_cast<std::size_t>(pairs));
  for (double b : y)
    for (double a : x) d.push_back(b - a);
  std::sort(d.begin(), d.end());
  out.estimate = median_of_sorted(d);
  const long c = critical_u(x.size(), y.size(), (1.0 - confidence) / 2.0);
  const auto n = static_cast<long>(d.size());
  if (c < 0 || c >= n - c - 1) {
    out.low = d.front();
    out.high = d.back();
    return out;
  }
  out.low = d[static_cast<std::size_t>(c)];          // D_(c+1), 1-based
  out.high = d[static_cast<std::size_t>(n - c - 1)];  // D_(N-c), 1-based
  out.covers = true;
  return out;
}

}  // namespace latbench::stats
