#pragma once
// Descriptive statistics of one Series, exact (sorted copy), untrimmed and trimmed side by side.
// Percentiles use linear interpolation between order statistics (numpy's default, "type 7").
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/series.hpp"
#include "stats/histogram.hpp"
#include "stats/trim.hpp"

namespace latbench::stats {

// The percentiles every report shows, in this order; labels as in the JSON schema.
struct Percentiles {
  double p50 = 0, p90 = 0, p95 = 0, p99 = 0, p999 = 0;
};

// Statistics of one set of values. When count == 0 every other field is meaningless and writers
// must say "no data" instead of printing them (never NaN).
struct Stats {
  std::size_t count = 0;
  double min = 0, max = 0, mean = 0, median = 0;
  std::vector<double> mode;   // all tied values for integer data; bin centres for continuous data
  double sd = 0;              // sample SD (n-1); 0 when count < 2
  double sd_population = 0;   // population SD (n)
  Percentiles percentiles;
  double iqr = 0;             // p75 - p25
  std::size_t tukey_low = 0;  // values below p25 - 1.5 IQR
  std::size_t tukey_high = 0; // values above p75 + 1.5 IQR
};

struct SummaryOptions {
  Trim trim;                      // none by default
  HistogramSpec histogram;        // automatic bins by default
};

struct Summary {
  std::string name;
  std::string unit;
  Stats all;
  std::optional<Stats> trimmed;   // set when options.trim drops anything
  std::size_t trim_low = 0;       // values dropped from each end
  std::size_t trim_high = 0;
  Histogram histogram;            // of the untrimmed values
  SkipCounts skipped;
};

// Computes the statistics of `values` (any order). Non-finite values must not be passed.
Stats describe(const std::vector<double>& values);
// Same, on values already sorted ascending (no copy).
Stats describe_sorted(const std::vector<double>& sorted);

Summary summarize(const Series& series, const SummaryOptions& options = {});

// The point `frac` (in [0, 1]) of the way from a to b, by numpy's a + frac * (b - a); when b - a
// overflows (values near +-1.8e308), the same point as a weighted mean, which cannot.
inline double interpolate(double a, double b, double frac) {
  if (frac == 0) return a;
  const double d = b - a;
  return std::isfinite(d) ? a + frac * d : a * (1 - frac) + b * frac;
}

// Linear interpolation between order statistics of `sorted` (ascending, non-empty); p in [0, 1].
double percentile_sorted(const std::vector<double>& sorted, double p);

}  // namespace latbench::stats
