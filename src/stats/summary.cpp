#include "stats/summary.hpp"

#include <algorithm>
#include <cmath>

#include "stats/sorted_runs.hpp"

namespace latbench::stats {
namespace {

// Values exactly representable as integers: the mode is then the most frequent value(s) itself.
bool all_integers(const std::vector<double>& sorted) {
  return std::all_of(sorted.begin(), sorted.end(),
                     [](double v) { return std::fabs(v) < 9e15 && v == std::floor(v); });
}

// Every value tied for the highest frequency; empty when no value repeats.
std::vector<double> exact_modes(const std::vector<double>& sorted) {
  std::vector<double> modes;
  std::size_t best = 1;
  for_each_run(sorted, [&](double v, std::size_t run) {
    if (run > best) {
      best = run;
      modes.assign(1, v);
    } else if (run == best && best > 1) {
      modes.push_back(v);
    }
  });
  return modes;
}

// For continuous data a value rarely repeats: the mode is the centre of the fullest bin(s) of
// the automatic histogram.
std::vector<double> binned_modes(const std::vector<double>& sorted) {
  if (sorted.front() == sorted.back()) return {sorted.front()};
  Histogram h = build_histogram(sorted, HistogramSpec{});
  auto top = *std::max_element(h.counts.begin(), h.counts.end());
  std::vector<double> modes;
  for (std::size_t i = 0; i < h.counts.size(); ++i)
    if (h.counts[i] == top) modes.push_back(h.edges[i] / 2 + h.edges[i + 1] / 2);  // no overflow near 1.8e308
  return modes;
}

}  // namespace

double percentile_sorted(const std::vector<double>& sorted, double p) {
  double rank = p * static_cast<double>(sorted.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(rank));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return interpolate(sorted[lo], sorted[lo + 1], rank - static_cast<double>(lo));
}

Stats describe_sorted(const std::vector<double>& sorted) {
  Stats s;
  s.count = sorted.size();
  if (s.count == 0) return s;
  s.min = sorted.front();
  s.max = sorted.back();
  // Two passes in long double: exact enough for 100M latencies, no catastrophic cancellation.
  // Run by run (value x count): fewer roundings than a sum per value, and a few thousand steps
  // for the usual millions of repeating latencies.
  long double sum = 0;
  for_each_run(sorted, [&](double v, std::size_t n) { sum += static_cast<long double>(v) * static_cast<long double>(n); });
  const long double mean = sum / static_cast<long double>(s.count);
  long double squares = 0;
  for_each_run(sorted, [&](double v, std::size_t n) {
    const long double d = v - mean;
    squares += d * d * static_cast<long double>(n);
  });
  s.mean = static_cast<double>(mean);
  s.sd_population = static_cast<double>(std::sqrt(squares / static_cast<long double>(s.count)));
  s.sd = s.count > 1 ? static_cast<double>(std::sqrt(squares / static_cast<long double>(s.count - 1))) : 0.0;
  s.median = percentile_sorted(sorted, 0.5);
  s.percentiles = {percentile_sorted(sorted, 0.50), percentile_sorted(sorted, 0.90),
                   percentile_sorted(sorted, 0.95), percentile_sorted(sorted, 0.99),
                   percentile_sorted(sorted, 0.999)};
  double q1 = percentile_sorted(sorted, 0.25);
  double q3 = percentile_sorted(sorted, 0.75);
  s.iqr = q3 - q1;
  double low_fence = q1 - 1.5 * s.iqr, high_fence = q3 + 1.5 * s.iqr;
  s.tukey_low = static_cast<std::size_t>(
      std::lower_bound(sorted.begin(), sorted.end(), low_fence) - sorted.begin());
  s.tukey_high = static_cast<std::size_t>(
      sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), high_fence));
  if (all_integers(sorted)) s.mode = exact_modes(sorted);
  if (s.mode.empty()) s.mode = binned_modes(sorted);
  return s;
}

Stats describe(const std::vector<double>& values) {
  std::vector<double> sorted(values);
  std::sort(sorted.begin(), sorted.end());
  return describe_sorted(sorted);
}

Summary summarize(const Series& series, const SummaryOptions& options) {
  Summary summary;
  summary.name = series.name;
  summary.unit = series.unit;
  summary.skipped = series.skipped;
  std::vector<double> sorted(series.values);
  std::sort(sorted.begin(), sorted.end());
  summary.all = describe_sorted(sorted);
  if (!sorted.empty()) summary.histogram = build_histogram(sorted, options.histogram);
  std::size_t k = trim_per_end(options.trim, sorted.size());
  if (k > 0) {
    std::vector<double> kept(sorted.begin() + static_cast<std::ptrdiff_t>(k),
                             sorted.end() - static_cast<std::ptrdiff_t>(k));
    summary.trimmed = describe_sorted(kept);
    summary.trim_low = summary.trim_high = k;
  }
  return summary;
}

}  // namespace latbench::stats
