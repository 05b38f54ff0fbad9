#pragma once
// The numbers behind each plot, computed before anything reaches gnuplot: rolling medians,
// spike-preserving decimation, percentile and CDF curves, box-plot figures. Pure functions,
// tested directly; percentiles use stats::percentile_sorted so plots agree with the tables.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace latbench::report {

// No value at this point: gnuplot leaves it out, so a line breaks there instead of dropping to 0.
inline constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

// Centred rolling median with an odd `window` (shrinking at both ends), one value per input.
std::vector<double> rolling_median(const std::vector<double>& values, std::size_t window);
// A window that smooths without hiding trends: about n/50, odd, between 5 and 501.
std::size_t default_rolling_window(std::size_t n);

// Indices to draw when there are more than `max_points` values: for each run of consecutive
// values keeps the smallest and the largest, so spikes survive. All indices when n <= max_points.
std::vector<std::size_t> minmax_decimate(const std::vector<double>& values, std::size_t max_points);

// A percentile curve in the HdrHistogram convention: x = 1 / (1 - p), log-spaced from 1 (p = 0)
// to n (p = 1 - 1/n, the largest percentile the data can tell apart), y = the p-th percentile.
struct Curve {
  std::vector<double> x, y;
};
Curve percentile_curve(const std::vector<double>& sorted, std::size_t points = 400);

// The empirical CDF as steps: (sorted[i], (i + 1) / n * 100), thinned to about `max_points`
// ranks (always keeping the first and last).
Curve cdf_curve(const std::vector<double>& sorted, std::size_t max_points = 4000);

// Tukey box plot figures (quartiles by linear interpolation; whiskers at the most extreme
// values within 1.5 IQR of the box; points beyond are outliers, thinned to `max_outliers`).
struct BoxFigures {
  double p25 = 0, median = 0, p75 = 0, whisker_low = 0, whisker_high = 0, mean = 0;
  std::vector<double> outliers;
  std::size_t outlier_count = 0;  // before thinning
};
BoxFigures box_figures(const std::vector<double>& sorted, std::size_t max_outliers = 2000);

// Means of consecutive groups of `group` values (the last group may be shorter), skipping
// non-finite values; NaN for a group with none.
std::vector<double> group_means(const std::vector<double>& values, std::size_t group);

// How many leading bins of a histogram to draw. A far tail (timeouts: 2 s against answers of
// 60 ms) would squash the body into one bar; when at most 1% of the counts lie in bins that take
// more than half of the axis, the view ends after the bin that reaches 99% (the caller says what
// it left out). Otherwise all bins.
std::size_t visible_bins(const std::vector<std::uint64_t>& counts, const std::vector<double>& edges);

// A copy sorted ascending without non-finite values.
std::vector<double> sorted_finite(const std::vector<double>& values);

}  // namespace latbench::report
