#include "stats/rank_intervals.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/shift_test.hpp"
#include "stats/median_ci.hpp"
#include "stats/summary.hpp"

namespace latbench::stats {
namespace {

double median_of_sorted(const std::vector<double>& s) {
  const std::size_t n = s.size();
  return n % 2 ? s[n / 2] : interpolate(s[n / 2 - 1], s[n / 2], 0.5);
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
  const ShiftTest t = shift_test(x, y, confidence);
  return {t.estimate, t.low, t.high, t.covers};
}

}  // namespace latbench::stats
