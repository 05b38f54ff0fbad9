#pragma once
// stats::summarize for large series: the same figures (it calls the same describe_sorted,
// build_histogram and trim_per_end), but it sorts the series' own values in place and trims by
// shrinking that vector, so a summary costs no second copy of the data (8 bytes per sample in
// total instead of 16-24). Used by analyze on logs with up to hundreds of millions of values.
#include "core/series.hpp"
#include "stats/median_ci.hpp"
#include "stats/summary.hpp"

namespace latbench::stats {

struct SummaryWithCi {
  Summary summary;
  MedianCi median_ci;   // of the untrimmed values
};

// Consumes `series.values` (left sorted and trimmed). Non-finite values must not be passed.
SummaryWithCi summarize_in_place(Series& series, const SummaryOptions& options, std::uint64_t seed = 1);

}  // namespace latbench::stats
