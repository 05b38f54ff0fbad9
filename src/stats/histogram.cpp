#include "stats/histogram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/key_error.hpp"
#include "stats/sorted_runs.hpp"
#include "stats/summary.hpp"

namespace latbench::stats {
namespace {

constexpr std::size_t k_max_auto_bins = 200;

// The 1-2-5 step nearest above `raw`, so edges read well (0, 50, 100, ... not 0, 47.3, ...).
double nice_step(double raw) {
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw * (1 - 1e-12)) return m * magnitude;
  return 10.0 * magnitude;
}

Result<double> parse_number(std::string_view token, std::string_view what) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (token.empty() || ec != std::errc() || ptr != token.data() + token.size() || !std::isfinite(value))
    return usage_error(fmt::format("{}: '{}' is not a number", what, token));
  return value;
}

// Bins of `width` covering [min, max], aligned on multiples of the width.
Histogram regular_bins(const std::vector<double>& sorted, double width) {
  Histogram h;
  // floor(x / w) * w can round to one ulp above x (92.71 / 0.635 is 146 in doubles, and 146 *
  // 0.635 is 92.71000000000001): the first edge never sits above the smallest value, or that
  // value's bin index would be floor of a tiny negative, -1, cast to an unsigned index.
  const double lo = std::min(std::floor(sorted.front() / width) * width, sorted.front());
  double span = (sorted.back() - lo) / width;
  // A maximum sitting exactly on an edge beyond the last bin (span integral) goes in the last,
  // closed bin; ceil already gives that count. Checked before the conversion to an integer.
  if (!(std::ceil(span) <= static_cast<double>(k_max_histogram_bins)))
    throw key_usage_error("bin_width", fmt::format("{} would make {:.0f} bins; at most {} are allowed", width,
                                                   std::ceil(span), k_max_histogram_bins));
  auto bins = static_cast<std::size_t>(std::max(1.0, std::ceil(span)));
  h.edges.reserve(bins + 1);
  for (std::size_t i = 0; i <= bins; ++i) h.edges.push_back(lo + static_cast<double>(i) * width);
  h.counts.assign(bins, 0);
  const auto bin_of = [&](double v) {
    return std::min(static_cast<std::size_t>(std::floor((v - lo) / width)), bins - 1);
  };
  // bin_of is monotone in v and `sorted` ascends, so each bin's values are one run. A run's end
  // is found by galloping (sorted_runs.hpp), O(log run) per bin instead of a division per value,
  // with the very same bin_of, so the counts equal a pass over every value.
  auto first = sorted.begin();
  const auto end = sorted.end();
  while (first != end) {
    const std::size_t bin = bin_of(*first);
    const auto last = gallop_end(first, end, [&](double v) { return bin_of(v) == bin; });
    h.counts[bin] += static_cast<std::uint64_t>(last - first);
    first = last;
  }
  return h;
}

Histogram explicit_bins(const std::vector<double>& sorted, const std::vector<double>& edges) {
  Histogram h;
  h.edges = edges;
  h.counts.assign(edges.size() - 1, 0);
  for (double v : sorted) {
    if (v < edges.front()) {
      ++h.underflow;
    } else if (v > edges.back()) {
      ++h.overflow;
    } else {
      auto it = std::upper_bound(edges.begin(), edges.end(), v);
      auto i = static_cast<std::size_t>(it - edges.begin()) - 1;
      h.counts[std::min(i, h.counts.size() - 1)]++;  // the last bin is closed on the right
    }
  }
  return h;
}

double automatic_width(const std::vector<double>& sorted) {
  double n = static_cast<double>(sorted.size());
  double range = sorted.back() - sorted.front();
  double iqr = percentile_sorted(sorted, 0.75) - percentile_sorted(sorted, 0.25);
  double raw = iqr > 0 ? 2.0 * iqr / std::cbrt(n)                       // Freedman-Diaconis
                       : range / (std::ceil(std::log2(n)) + 1.0);       // Sturges
  if (!(raw > 0)) raw = std::max(std::fabs(sorted.front()), 1.0) * 0.01;  // all values equal
  raw = std::max(raw, range / static_cast<double>(k_max_auto_bins));
  return nice_step(raw);
}

}  // namespace

Result<HistogramSpec> parse_bin_width(std::string_view text, std::string_view what) {
  auto width = parse_number(text, what);
  if (!width) return width.error();
  if (*width <= 0) return usage_error(fmt::format("{}: '{}' must be greater than 0", what, text));
  return HistogramSpec{HistogramSpec::Kind::width, *width, {}};
}

Result<HistogramSpec> parse_buckets(std::string_view text, std::string_view what) {
  HistogramSpec spec{HistogramSpec::Kind::edges, 0, {}};
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view token = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    auto edge = parse_number(token, what);
    if (!edge) return edge.error();
    if (!spec.edges.empty() && *edge <= spec.edges.back())
      return usage_error(fmt::format("{}: edges must be strictly ascending, but {} follows {}", what,
                                     token, spec.edges.back()));
    spec.edges.push_back(*edge);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (spec.edges.size() < 2)
    return usage_error(fmt::format("{}: '{}' needs at least two edges, e.g. 0,500,1000", what, text));
  return spec;
}

Histogram build_histogram(const std::vector<double>& sorted, const HistogramSpec& spec) {
  if (spec.kind == HistogramSpec::Kind::edges) return explicit_bins(sorted, spec.edges);
  if (sorted.empty()) return {};
  if (!std::isfinite(sorted.back() - sorted.front())) {
    // Values more than the largest double apart (near +-1.8e308): no width can be computed, nor
    // any bin count, so one bin holds them all.
    return Histogram{{sorted.front(), sorted.back()}, {sorted.size()}, 0, 0};
  }
  double width = spec.kind == HistogramSpec::Kind::width ? spec.width : automatic_width(sorted);
  return regular_bins(sorted, width);
}

}  // namespace latbench::stats
