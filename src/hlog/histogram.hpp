#pragma once
// An HdrHistogram with HdrHistogram's own bucket layout (Java's AbstractHistogram, C's
// hdr_histogram.c): values from `lowest` (the lowest discernible value) to `highest` (the highest
// trackable one) kept to `digits` significant decimal digits, so any two values in one bucket
// differ by at most 1 part in 10^digits. The layout, percentiles, mean and min/max are computed
// as the Java library computes them, so our numbers and its tools' agree on the same counts
// (tests/fixtures/hlog/ holds a log the Java library wrote, with the numbers it printed).
// Values are plain integers: latbench records microseconds (hlog/interval_recorder.hpp).
#include <cstdint>
#include <vector>

#include "core/error.hpp"

namespace latbench::hlog {

struct Layout {
  std::int64_t lowest = 1;              // lowest discernible value, >= 1
  std::int64_t highest = 3'600'000'000; // highest trackable value, >= 2 * lowest
  int digits = 3;                       // significant decimal digits, 1..5
  friend bool operator==(const Layout&, const Layout&) = default;
};

// The layout latbench writes: 1 us to 1 h at 3 digits (every value within 0.1%).
inline constexpr Layout k_latency_layout{};

class Histogram {
 public:
  // An empty histogram; an impossible layout (digits outside 1..5, highest < 2 * lowest) is a
  // usage Error naming the bad number.
  static Result<Histogram> make(Layout layout);
  // The same, for a layout known to be good (k_latency_layout); throws on a bad one.
  explicit Histogram(Layout layout = k_latency_layout);

  // Adds `count` occurrences of `value`. False (nothing recorded) when the value is negative
  // or beyond the counts the layout covers (at least up to `highest`), as hdr_record_values.
  bool record(std::int64_t value, std::int64_t count = 1);
  // Adds every count of `other`, value by value (any layout). Returns the count that did not fit.
  std::int64_t add(const Histogram& other);
  void reset();

  std::int64_t count() const { return m_total; }
  std::int64_t max() const;   // highest equivalent value of the largest recorded, 0 when empty
  std::int64_t min() const;   // lowest equivalent value of the smallest recorded, 0 when empty
  double mean() const;        // over each bucket's median equivalent value, 0 when empty
  double stddev() const;
  // Java's getValueAtPercentile: the highest equivalent value of the bucket holding the
  // ceil(p/100 * count)-th value (p minus 1 ulp; lowest equivalent at p = 0); 0 when empty.
  std::int64_t value_at_percentile(double percentile) const;

  std::int64_t lowest_equivalent(std::int64_t value) const;
  std::int64_t highest_equivalent(std::int64_t value) const;
  std::int64_t median_equivalent(std::int64_t value) const;
  std::int64_t equivalent_range(std::int64_t value) const;  // the width of value's bucket

  const Layout& layout() const { return m_layout; }
  // Sub-buckets per bucket (2048 at 3 digits): values below it x lowest have a bucket each.
  std::int64_t sub_bucket_count() const { return m_sub_count; }
  // The counts array as HdrHistogram indexes it (for the codec).
  int counts_length() const { return m_length; }
  std::int64_t count_at_index(int index) const {
    return static_cast<std::size_t>(index) < m_counts.size() ? m_counts[static_cast<std::size_t>(index)] : 0;
  }
  std::int64_t value_at_index(int index) const;
  int index_of(std::int64_t value) const;
  // Sets one count by index (the decoder); the totals follow. False when the index is outside.
  bool set_count_at_index(int index, std::int64_t count);

 private:
  Histogram(Layout layout, int unit_magnitude, int sub_half_magnitude, int bucket_count);
  int bucket_index(std::int64_t value) const;

  Layout m_layout;
  int m_unit_magnitude = 0;
  int m_sub_half_magnitude = 0;  // log2 of the sub-bucket half count
  std::int64_t m_sub_count = 0, m_sub_half_count = 0, m_sub_mask = 0;
  int m_length = 0;  // the layout's counts; m_counts grows up to it as values come (a decoded
                     // interval of 100 ms latencies needs 7k of the 23k counts of 1 us..1 h)
  std::vector<std::int64_t> m_counts;
  std::int64_t m_total = 0;
  int m_max_index = -1;      // the largest index with a count, -1 when empty
  int m_min_nonzero = -1;    // the smallest index above 0 with a count
};

}  // namespace latbench::hlog
