#include "stats/summarize_in_place.hpp"

#include <algorithm>

#include "stats/sort_values.hpp"

namespace latbench::stats {

SummaryWithCi summarize_in_place(Series& series, const SummaryOptions& options, std::uint64_t seed) {
  SummaryWithCi out;
  Summary& s = out.summary;
  s.name = series.name;
  s.unit = series.unit;
  s.skipped = series.skipped;
  std::vector<double>& v = series.values;
  sort_values(v);  // counting sort for the usual few distinct latencies: the big cost before
  s.all = describe_sorted(v);
  if (v.empty()) return out;
  s.histogram = build_histogram(v, options.histogram);
  out.median_ci = median_ci(v, seed);
  const std::size_t k = trim_per_end(options.trim, v.size());
  if (k > 0) {
    v.erase(v.end() - static_cast<std::ptrdiff_t>(k), v.end());
    v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k));
    s.trimmed = describe_sorted(v);
    s.trim_low = s.trim_high = k;
  }
  return out;
}

}  // namespace latbench::stats
