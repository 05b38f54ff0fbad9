#pragma once
// Histograms with automatic bins, a fixed width, or explicit edges. Bins are [edge_i, edge_i+1),
// the last one closed on the right; values outside explicit edges are counted as under/over.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace latbench::stats {

// Most bins a --bin-width may make (a usage error beyond: it would be memory, not a histogram).
inline constexpr std::size_t k_max_histogram_bins = 1'000'000;

struct HistogramSpec {
  enum class Kind { automatic, width, edges };
  Kind kind = Kind::automatic;
  double width = 0;
  std::vector<double> edges;
};

struct Histogram {
  std::vector<double> edges;           // counts.size() + 1 edges, ascending
  std::vector<std::uint64_t> counts;
  std::uint64_t underflow = 0;         // below edges.front() (explicit edges only)
  std::uint64_t overflow = 0;          // above edges.back() (explicit edges only)
};

// A bin width ("500") and bucket edges ("0,500,1000"): errors start with `what` (the caller's
// name for the value) and name the bad token.
Result<HistogramSpec> parse_bin_width(std::string_view text, std::string_view what = "bin width");
Result<HistogramSpec> parse_buckets(std::string_view text, std::string_view what = "buckets");

// `sorted` ascending. Automatic bins: Freedman-Diaconis width (Sturges when IQR is 0), rounded
// to a 1-2-5 step so edges read well, at most 200 bins.
Histogram build_histogram(const std::vector<double>& sorted, const HistogramSpec& spec);

}  // namespace latbench::stats
