#pragma once
// Constant-memory statistics for `--streaming` (logs too large to keep every value).
// count, min, max, mean, SD and population SD are exact (Welford). Everything that needs order —
// median, percentiles, IQR, Tukey counts, mode, trimmed statistics, histogram — comes from
// HdrHistogram-like logarithmic buckets: a value is placed by its binary exponent and the top
// k_mantissa_bits of its mantissa, so each bucket spans a relative width of 2^-7 and its midpoint
// is within k_max_relative_error (2^-8 = 0.39%) of every value in it. Percentiles interpolate
// between two such midpoints, so they too are within 0.39% of the exact (numpy "linear") value
// for data of one sign. Memory: 1 KiB per occupied power of two, about 40 KiB for latencies
// spanning microseconds to hours.
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "stats/median_ci.hpp"
#include "stats/summary.hpp"

namespace latbench::stats {

class StreamingSummary {
 public:
  static constexpr int k_mantissa_bits = 7;
  struct Bucket { double value; std::uint64_t count; };  // a bucket's midpoint and count
  static constexpr double k_max_relative_error = 1.0 / 256.0;

  // Non-finite values are ignored (callers count them as skipped before).
  void add(double value);
  void merge(const StreamingSummary& other);

  std::uint64_t count() const { return m_count; }
  double min() const { return m_min; }
  double max() const { return m_max; }
  double mean() const { return m_mean; }
  double sd() const;             // n-1; 0 when count < 2
  double sd_population() const;  // n

  // Approximate value at rank `rank` (0-based, in [0, count-1]); exact at both ends.
  double value_at_rank(std::uint64_t rank) const;
  // Percentile p in [0,1] by linear interpolation between ranks (numpy's default) over the
  // bucket midpoints. count() must be > 0.
  double percentile(double p) const;

  // The summary of everything added; `options.trim` and `options.histogram` are honoured from the
  // buckets. Exact fields as above; the rest within k_max_relative_error (see approximations()).
  Summary summarize(const std::string& name, const std::string& unit, const SummaryOptions& options) const;

 private:
  using Block = std::array<std::uint64_t, std::size_t{1} << k_mantissa_bits>;
  // Occupied buckets in ascending value order (negatives, zeros, positives).
  std::vector<Bucket> ordered_buckets() const;
  Stats stats_between(const std::vector<Bucket>& buckets, std::uint64_t low, std::uint64_t high) const;

  std::uint64_t m_count = 0;
  double m_min = 0, m_max = 0, m_mean = 0, m_m2 = 0;  // Welford's running mean and M2
  std::uint64_t m_zeros = 0;
  std::vector<std::unique_ptr<Block>> m_positive;  // by biased binary exponent (2048 slots)
  std::vector<std::unique_ptr<Block>> m_negative;
};

// The distribution-free interval of the median (median_interval_rank) read from the buckets: each
// end within k_max_relative_error of the exact order statistic. Invalid below 6 values (95%).
MedianCi streaming_median_ci(const StreamingSummary& sketch, double confidence = 0.95);

// One line for the user: which figures are approximate in streaming mode and by how much.
const char* streaming_accuracy_note();

}  // namespace latbench::stats
