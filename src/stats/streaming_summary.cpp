#include "stats/streaming_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "core/key_error.hpp"

namespace latbench::stats {
namespace {

constexpr int k_shift = 52 - StreamingSummary::k_mantissa_bits;
constexpr std::size_t k_exponents = 2048;

// Midpoint of the bucket holding |v| (v > 0), recovered from its exponent and mantissa slot.
double bucket_midpoint(std::size_t exponent, std::size_t slot) {
  const std::uint64_t low_bits = (std::uint64_t{exponent} << 52) | (std::uint64_t{slot} << k_shift);
  const double low = std::bit_cast<double>(low_bits);
  const double high = std::bit_cast<double>(low_bits + (std::uint64_t{1} << k_shift));
  return low + (high - low) / 2;
}

// 1-2-5 rounding so automatic bin edges read well (same convention as stats/histogram).
double nice_width(double raw) {
  if (!(raw > 0)) return 1;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  for (double step : {1.0, 2.0, 5.0, 10.0})
    if (raw <= step * decade) return step * decade;
  return 10 * decade;
}

}  // namespace

void StreamingSummary::add(double value) {
  if (!std::isfinite(value)) return;
  ++m_count;
  if (m_count == 1) {
    m_min = m_max = value;
  } else {
    m_min = std::min(m_min, value);
    m_max = std::max(m_max, value);
  }
  const double delta = value - m_mean;
  if (std::isfinite(delta)) [[likely]] {
    m_mean += delta / static_cast<double>(m_count);
    m_m2 += delta * (value - m_mean);  // may reach inf (an SD beyond the largest double), never NaN
  } else {
    // Values more than the largest double apart (near +-1.8e308): the same update in long double,
    // where the difference does not overflow; in double it made the mean and SD NaN.
    const long double d = static_cast<long double>(value) - m_mean;
    const long double mean = m_mean + d / static_cast<long double>(m_count);
    m_mean = static_cast<double>(mean);
    m_m2 = static_cast<double>(m_m2 + d * (value - mean));
  }

  if (value == 0) { ++m_zeros; return; }
  auto& blocks = value > 0 ? m_positive : m_negative;
  if (blocks.empty()) blocks.resize(k_exponents);
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(std::fabs(value));
  auto& block = blocks[bits >> 52];
  if (!block) block = std::make_unique<Block>(Block{});
  ++(*block)[(bits >> k_shift) & ((std::uint64_t{1} << k_mantissa_bits) - 1)];
}

void StreamingSummary::merge(const StreamingSummary& other) {
  if (other.m_count == 0) return;
  if (m_count == 0) {
    m_min = other.m_min;
    m_max = other.m_max;
  } else {
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
  }
  // Chan et al.'s pairwise update of mean and M2.
  const double n_a = static_cast<double>(m_count), n_b = static_cast<double>(other.m_count);
  const long double delta = static_cast<long double>(other.m_mean) - m_mean;
  m_mean = static_cast<double>(m_mean + delta * n_b / (n_a + n_b));
  m_m2 = static_cast<double>(m_m2 + other.m_m2 + delta * delta * n_a * n_b / (n_a + n_b));
  m_count += other.m_count;
  m_zeros += other.m_zeros;
  auto merge_blocks = [](auto& mine, const auto& theirs) {
    if (theirs.empty()) return;
    if (mine.empty()) mine.resize(k_exponents);
    for (std::size_t e = 0; e < k_exponents; ++e) {
      if (!theirs[e]) continue;
      if (!mine[e]) mine[e] = std::make_unique<Block>(Block{});
      for (std::size_t s = 0; s < theirs[e]->size(); ++s) (*mine[e])[s] += (*theirs[e])[s];
    }
  };
  merge_blocks(m_positive, other.m_positive);
  merge_blocks(m_negative, other.m_negative);
}

double StreamingSummary::sd() const {
  return m_count < 2 ? 0 : std::sqrt(m_m2 / static_cast<double>(m_count - 1));
}
double StreamingSummary::sd_population() const {
  return m_count < 1 ? 0 : std::sqrt(m_m2 / static_cast<double>(m_count));
}

std::vector<StreamingSummary::Bucket> StreamingSummary::ordered_buckets() const {
  std::vector<Bucket> out;
  if (!m_negative.empty()) {
    for (std::size_t e = k_exponents; e-- > 0;) {
      if (!m_negative[e]) continue;
      for (std::size_t s = m_negative[e]->size(); s-- > 0;)
        if (auto c = (*m_negative[e])[s]) out.push_back({-bucket_midpoint(e, s), c});
    }
  }
  if (m_zeros) out.push_back({0.0, m_zeros});
  if (!m_positive.empty()) {
    for (std::size_t e = 0; e < k_exponents; ++e) {
      if (!m_positive[e]) continue;
      for (std::size_t s = 0; s < m_positive[e]->size(); ++s)
        if (auto c = (*m_positive[e])[s]) out.push_back({bucket_midpoint(e, s), c});
    }
  }
  // Midpoints may lie outside the exact extremes: clamp so min <= every figure <= max.
  for (auto& b : out) b.value = std::clamp(b.value, m_min, m_max);
  return out;
}

double StreamingSummary::value_at_rank(std::uint64_t rank) const {
  if (rank == 0) return m_min;
  if (rank + 1 >= m_count) return m_max;
  std::uint64_t seen = 0;
  for (const auto& b : ordered_buckets()) {
    seen += b.count;
    if (rank < seen) return b.value;
  }
  return m_max;
}

namespace {
// Value at a rank of an ordered bucket list, exact extremes supplied by the caller.
double rank_value(const std::vector<StreamingSummary::Bucket>& buckets, std::uint64_t rank, std::uint64_t n,
                  double min, double max) {
  if (rank == 0) return min;
  if (rank + 1 >= n) return max;
  std::uint64_t seen = 0;
  for (const auto& b : buckets) {
    seen += b.count;
    if (rank < seen) return b.value;
  }
  return max;
}
}  // namespace

double StreamingSummary::percentile(double p) const {
  const auto buckets = ordered_buckets();
  const double h = p * static_cast<double>(m_count - 1);
  const auto lo = static_cast<std::uint64_t>(std::floor(h));
  const double a = rank_value(buckets, lo, m_count, m_min, m_max);
  const double b = rank_value(buckets, std::min(lo + 1, m_count - 1), m_count, m_min, m_max);
  return interpolate(a, b, h - static_cast<double>(lo));
}

// Statistics of the values at ranks [low, high] (inclusive), from bucket midpoints; mean and SD
// are exact when the range is everything.
Stats StreamingSummary::stats_between(const std::vector<Bucket>& buckets, std::uint64_t low,
                                      std::uint64_t high) const {
  Stats s;
  const std::uint64_t n = high - low + 1;
  s.count = n;
  s.min = rank_value(buckets, low, m_count, m_min, m_max);
  s.max = rank_value(buckets, high, m_count, m_min, m_max);
  auto at = [&](double p) {
    const double h = static_cast<double>(low) + p * static_cast<double>(n - 1);
    const auto r = static_cast<std::uint64_t>(std::floor(h));
    const double a = rank_value(buckets, r, m_count, m_min, m_max);
    const double b = rank_value(buckets, std::min(r + 1, high), m_count, m_min, m_max);
    return interpolate(a, b, h - static_cast<double>(r));
  };
  s.median = at(0.5);
  s.percentiles = {at(0.5), at(0.9), at(0.95), at(0.99), at(0.999)};
  const double q1 = at(0.25), q3 = at(0.75);
  s.iqr = q3 - q1;
  const double fence_low = q1 - 1.5 * s.iqr, fence_high = q3 + 1.5 * s.iqr;

  // One pass over the ranks in [low, high]: bucket-based mean / SD / mode / Tukey counts.
  long double sum = 0, sum_sq = 0;
  std::uint64_t best = 0, seen = 0;
  for (const auto& b : buckets) {
    const std::uint64_t first = seen, last = seen + b.count;  // ranks [first, last)
    seen = last;
    const std::uint64_t from = std::max(first, low), to = std::min(last, high + 1);
    if (from >= to) continue;
    const std::uint64_t c = to - from;
    sum += static_cast<long double>(b.value) * c;
    sum_sq += static_cast<long double>(b.value) * b.value * c;
    if (c > best) { best = c; s.mode = {b.value}; }
    if (b.value < fence_low) s.tukey_low += c;
    if (b.value > fence_high) s.tukey_high += c;
  }
  if (low == 0 && high + 1 == m_count) {
    s.mean = m_mean;
    s.sd = sd();
    s.sd_population = sd_population();
  } else {
    const long double mean = sum / n;
    const long double var_n = std::max<long double>(0, sum_sq / n - mean * mean);
    s.mean = static_cast<double>(mean);
    s.sd_population = static_cast<double>(std::sqrt(var_n));
    s.sd = n < 2 ? 0 : static_cast<double>(std::sqrt(var_n * n / (n - 1)));
  }
  return s;
}

Summary StreamingSummary::summarize(const std::string& name, const std::string& unit,
                                    const SummaryOptions& options) const {
  Summary out;
  out.name = name;
  out.unit = unit;
  if (m_count == 0) return out;
  const auto buckets = ordered_buckets();
  out.all = stats_between(buckets, 0, m_count - 1);
  const std::size_t k = trim_per_end(options.trim, m_count);
  if (k > 0) {
    out.trimmed = stats_between(buckets, k, m_count - 1 - k);
    out.trim_low = out.trim_high = k;
  }

  // Histogram from the buckets: each bucket's count goes to the bin holding its midpoint.
  Histogram& h = out.histogram;
  const HistogramSpec& spec = options.histogram;
  if (spec.kind == HistogramSpec::Kind::edges) {
    h.edges = spec.edges;
  } else if (!std::isfinite(m_max - m_min)) {
    h.edges = {m_min, m_max};  // more than the largest double apart: one bin (as build_histogram)
  } else {
    double width = spec.width;
    if (spec.kind == HistogramSpec::Kind::automatic) {
      const double fd = 2 * out.all.iqr / std::cbrt(static_cast<double>(m_count));
      width = fd > 0 ? fd : (m_max - m_min) / (std::log2(static_cast<double>(m_count)) + 1);
      width = nice_width(width);
      while ((m_max - m_min) / width > 200) width = nice_width(width * 2.01);
    }
    if (!(width > 0)) width = 1;
    const double start = std::floor(m_min / width) * width;
    const double span = std::floor((m_max - start) / width) + 1;
    if (!(span <= static_cast<double>(k_max_histogram_bins)))
      throw key_usage_error("bin_width", fmt::format("{} would make {:.0f} bins; at most {} are allowed", width,
                                                     span, k_max_histogram_bins));
    const auto bins = std::max<std::size_t>(1, static_cast<std::size_t>(span));
    for (std::size_t i = 0; i <= bins; ++i) h.edges.push_back(start + static_cast<double>(i) * width);
  }
  if (h.edges.size() < 2) return out;
  h.counts.assign(h.edges.size() - 1, 0);
  for (const auto& b : buckets) {
    if (b.value < h.edges.front()) { h.underflow += b.count; continue; }
    if (b.value > h.edges.back()) { h.overflow += b.count; continue; }
    auto it = std::upper_bound(h.edges.begin(), h.edges.end(), b.value);
    auto bin = static_cast<std::size_t>(it - h.edges.begin());
    bin = bin == 0 ? 0 : std::min(bin - 1, h.counts.size() - 1);
    h.counts[bin] += b.count;
  }
  return out;
}

MedianCi streaming_median_ci(const StreamingSummary& sketch, double confidence) {
  MedianCi ci;
  const std::uint64_t n = sketch.count();
  const std::uint64_t k = n >= 2 ? median_interval_rank(n, confidence) : 0;
  if (k == 0) return ci;
  ci.low = sketch.value_at_rank(k - 1);
  ci.high = sketch.value_at_rank(n - k);
  ci.method = fmt::format("order statistics {} and {} of {} (distribution-free), read from the log buckets: "
                          "each end within 0.39%", k, n - k + 1, n);
  ci.valid = true;
  return ci;
}

// Why the trimmed figures are bounded too: the kept ranks are known exactly from the bucket
// counts, and each kept value is replaced by its bucket's midpoint, within 0.39% of it. The mean
// of the midpoints is then within 0.39% of the kept values' mean (data of one sign), and (centring
// being a projection, which cannot lengthen a vector) their SD within 0.39% of the kept values'
// root mean square.
const char* streaming_accuracy_note() {
  return "streaming mode: count, min, max, mean and SD are exact; median, percentiles, IQR, trimmed "
         "min/max/median/mean and the median CI ends are within 0.39% (relative) of the exact values, "
         "trimmed SD within 0.39% of the kept values' root mean square; mode, Tukey counts and "
         "histogram counts come from 0.78%-wide log buckets (approximate)";
}

}  // namespace latbench::stats
