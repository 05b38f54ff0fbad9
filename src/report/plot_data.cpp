#include "report/plot_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/summary.hpp"

namespace latbench::report {
namespace {


double median_of_sorted(const std::vector<double>& sorted) {
  if (sorted.empty()) return k_nan;
  const std::size_t mid = sorted.size() / 2;
  if (sorted.size() % 2 == 1) return sorted[mid];
  return (sorted[mid - 1] + sorted[mid]) / 2;
}

// Every `step`-th index of [0, n) plus the last, so the extremes of a sorted set are kept.
std::vector<std::size_t> thinned_indices(std::size_t n, std::size_t max_points) {
  std::vector<std::size_t> out;
  if (n == 0) return out;
  if (n <= max_points || max_points < 2) {
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = i;
    return out;
  }
  const double step = static_cast<double>(n - 1) / static_cast<double>(max_points - 1);
  for (std::size_t j = 0; j < max_points; ++j) {
    const auto i = static_cast<std::size_t>(std::llround(static_cast<double>(j) * step));
    if (out.empty() || i != out.back()) out.push_back(std::min(i, n - 1));
  }
  if (out.back() != n - 1) out.push_back(n - 1);
  return out;
}

}  // namespace

std::vector<double> rolling_median(const std::vector<double>& values, std::size_t window) {
  const std::size_t n = values.size();
  std::vector<double> out(n, k_nan);
  if (n == 0) return out;
  const std::size_t half = std::max<std::size_t>(window, 1) / 2;
  // A sorted copy of the window, updated by one insert and one erase per step: O(n * window)
  // moves of contiguous doubles, which beats a two-heap scheme for the windows we use (<= 501).
  std::vector<double> sorted_window;
  sorted_window.reserve(2 * half + 1);
  const auto insert = [&](double v) {
    if (!std::isfinite(v)) return;
    sorted_window.insert(std::upper_bound(sorted_window.begin(), sorted_window.end(), v), v);
  };
  const auto erase = [&](double v) {
    if (!std::isfinite(v)) return;
    sorted_window.erase(std::lower_bound(sorted_window.begin(), sorted_window.end(), v));
  };
  for (std::size_t i = 0; i <= std::min(half, n - 1); ++i) insert(values[i]);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = median_of_sorted(sorted_window);
    if (i >= half) erase(values[i - half]);
    if (i + half + 1 < n) insert(values[i + half + 1]);
  }
  return out;
}

std::size_t default_rolling_window(std::size_t n) {
  std::size_t w = std::clamp<std::size_t>(n / 50, 5, 501);
  if (w % 2 == 0) ++w;
  return w;
}

std::vector<std::size_t> minmax_decimate(const std::vector<double>& values, std::size_t max_points) {
  const std::size_t n = values.size();
  std::vector<std::size_t> out;
  if (n <= max_points || max_points < 2) {
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = i;
    return out;
  }
  const std::size_t groups = max_points / 2;
  const std::size_t group = (n + groups - 1) / groups;
  for (std::size_t start = 0; start < n; start += group) {
    const std::size_t end = std::min(n, start + group);
    std::size_t lo = start, hi = start;
    for (std::size_t i = start; i < end; ++i) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    out.push_back(std::min(lo, hi));  // in x order, so a line through them does not zig back
    if (lo != hi) out.push_back(std::max(lo, hi));
  }
  return out;
}

Curve percentile_curve(const std::vector<double>& sorted, std::size_t points) {
  Curve curve;
  const std::size_t n = sorted.size();
  if (n == 0) return curve;
  if (n == 1 || points < 2) {
    curve.x.push_back(1);
    curve.y.push_back(sorted.front());
    return curve;
  }
  const double top = std::log(static_cast<double>(n));
  for (std::size_t k = 0; k < points; ++k) {
    const double x = std::exp(top * static_cast<double>(k) / static_cast<double>(points - 1));
    const double p = std::clamp(1.0 - 1.0 / x, 0.0, 1.0);
    curve.x.push_back(x);
    curve.y.push_back(stats::percentile_sorted(sorted, p));
  }
  return curve;
}

Curve cdf_curve(const std::vector<double>& sorted, std::size_t max_points) {
  Curve curve;
  const std::size_t n = sorted.size();
  if (n == 0) return curve;
  curve.x.push_back(sorted.front());  // the step starts at 0% on the smallest value
  curve.y.push_back(0);
  for (std::size_t i : thinned_indices(n, max_points)) {
    curve.x.push_back(sorted[i]);
    curve.y.push_back(100.0 * static_cast<double>(i + 1) / static_cast<double>(n));
  }
  return curve;
}

BoxFigures box_figures(const std::vector<double>& sorted, std::size_t max_outliers) {
  BoxFigures box;
  if (sorted.empty()) return box;
  box.p25 = stats::percentile_sorted(sorted, 0.25);
  box.median = stats::percentile_sorted(sorted, 0.5);
  box.p75 = stats::percentile_sorted(sorted, 0.75);
  double sum = 0;
  for (double v : sorted) sum += v;
  box.mean = sum / static_cast<double>(sorted.size());
  const double iqr = box.p75 - box.p25;
  const double low_fence = box.p25 - 1.5 * iqr;
  const double high_fence = box.p75 + 1.5 * iqr;
  const auto first_in = std::lower_bound(sorted.begin(), sorted.end(), low_fence);
  const auto last_in = std::upper_bound(sorted.begin(), sorted.end(), high_fence);
  box.whisker_low = *first_in;          // the box itself lies within the fences: never end()
  box.whisker_high = *std::prev(last_in);
  std::vector<double> outliers(sorted.begin(), first_in);
  outliers.insert(outliers.end(), last_in, sorted.end());
  box.outlier_count = outliers.size();
  for (std::size_t i : thinned_indices(outliers.size(), max_outliers)) box.outliers.push_back(outliers[i]);
  return box;
}

std::vector<double> group_means(const std::vector<double>& values, std::size_t group) {
  std::vector<double> out;
  if (group == 0) group = 1;
  for (std::size_t start = 0; start < values.size(); start += group) {
    const std::size_t end = std::min(values.size(), start + group);
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = start; i < end; ++i) {
      if (!std::isfinite(values[i])) continue;
      sum += values[i];
      ++count;
    }
    out.push_back(count ? sum / static_cast<double>(count) : k_nan);
  }
  return out;
}

std::size_t visible_bins(const std::vector<std::uint64_t>& counts, const std::vector<double>& edges) {
  const std::size_t bins = counts.size();
  if (bins == 0 || edges.size() != bins + 1) return bins;
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  if (total == 0) return bins;
  std::uint64_t running = 0;
  std::size_t last = 0;  // the bin where the cumulative count reaches 99%
  for (; last < bins; ++last) {
    running += counts[last];
    if (running * 100 >= total * 99) break;
  }
  // Keep one empty bin of margin after the body so its last bar does not touch the frame.
  const std::size_t shown = std::min(bins, last + 2);
  const double span = edges.back() - edges.front();
  const bool tail_is_wide = span > 0 && (edges[shown] - edges.front()) < 0.5 * span;
  return tail_is_wide ? shown : bins;
}

std::vector<double> sorted_finite(const std::vector<double>& values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace latbench::report
