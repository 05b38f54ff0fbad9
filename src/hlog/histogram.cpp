#include "hlog/histogram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace latbench::hlog {
namespace {

// HdrHistogram's bucketsNeededToCoverValue: buckets double the range each, from the first
// (sub_count << unit_magnitude) up to the first one past `value`.
int buckets_needed(std::int64_t value, std::int64_t sub_count, int unit_magnitude) {
  std::int64_t smallest_untrackable = sub_count << unit_magnitude;
  int needed = 1;
  while (smallest_untrackable <= value) {
    if (smallest_untrackable > std::numeric_limits<std::int64_t>::max() / 2) return needed + 1;
    smallest_untrackable <<= 1;
    ++needed;
  }
  return needed;
}

}  // namespace

Result<Histogram> Histogram::make(Layout layout) {
  if (layout.digits < 1 || layout.digits > 5)
    return usage_error(fmt::format("significant digits: expected 1..5, got {}", layout.digits));
  if (layout.lowest < 1)
    return usage_error(fmt::format("lowest discernible value: expected at least 1, got {}", layout.lowest));
  if (layout.lowest > std::numeric_limits<std::int64_t>::max() / 2 || layout.highest < 2 * layout.lowest)
    return usage_error(fmt::format("highest trackable value: expected at least 2 x the lowest ({}), got {}",
                                   layout.lowest, layout.highest));
  // As AbstractHistogram's constructor: enough sub-buckets for single-unit resolution up to
  // 2 x 10^digits, rounded up to a power of two.
  const double single_unit = 2.0 * std::pow(10.0, layout.digits);
  const int sub_magnitude = static_cast<int>(std::ceil(std::log(single_unit) / std::log(2.0)));
  const int sub_half_magnitude = (sub_magnitude > 1 ? sub_magnitude : 1) - 1;
  const int unit_magnitude = static_cast<int>(std::log(static_cast<double>(layout.lowest)) / std::log(2.0));
  if (unit_magnitude + sub_half_magnitude > 61)
    return usage_error(fmt::format("lowest discernible value {} is too large for {} significant digits",
                                   layout.lowest, layout.digits));
  const std::int64_t sub_count = std::int64_t{1} << (sub_half_magnitude + 1);
  return Histogram(layout, unit_magnitude, sub_half_magnitude, buckets_needed(layout.highest, sub_count, unit_magnitude));
}

Histogram::Histogram(Layout layout) : Histogram(make(layout).take()) {}

Histogram::Histogram(Layout layout, int unit_magnitude, int sub_half_magnitude, int bucket_count)
    : m_layout(layout), m_unit_magnitude(unit_magnitude), m_sub_half_magnitude(sub_half_magnitude) {
  m_sub_count = std::int64_t{1} << (sub_half_magnitude + 1);
  m_sub_half_count = m_sub_count / 2;
  m_sub_mask = (m_sub_count - 1) << unit_magnitude;
  m_length = static_cast<int>((bucket_count + 1) * m_sub_half_count);
}

int Histogram::bucket_index(std::int64_t value) const {
  const int pow2_ceiling = 64 - std::countl_zero(static_cast<std::uint64_t>(value | m_sub_mask));
  return pow2_ceiling - m_unit_magnitude - (m_sub_half_magnitude + 1);
}

int Histogram::index_of(std::int64_t value) const {
  const int bucket = bucket_index(value);
  const auto sub = static_cast<int>(value >> (bucket + m_unit_magnitude));
  return ((bucket + 1) << m_sub_half_magnitude) + (sub - static_cast<int>(m_sub_half_count));
}

std::int64_t Histogram::value_at_index(int index) const {
  int bucket = (index >> m_sub_half_magnitude) - 1;
  auto sub = static_cast<std::int64_t>(index & (m_sub_half_count - 1)) + m_sub_half_count;
  if (bucket < 0) {
    sub -= m_sub_half_count;
    bucket = 0;
  }
  return sub << (bucket + m_unit_magnitude);
}

std::int64_t Histogram::equivalent_range(std::int64_t value) const {
  const int bucket = bucket_index(value);
  const std::int64_t sub = value >> (bucket + m_unit_magnitude);
  return std::int64_t{1} << (m_unit_magnitude + (sub >= m_sub_count ? bucket + 1 : bucket));
}

std::int64_t Histogram::lowest_equivalent(std::int64_t value) const {
  const int bucket = bucket_index(value);
  return (value >> (bucket + m_unit_magnitude)) << (bucket + m_unit_magnitude);
}

std::int64_t Histogram::highest_equivalent(std::int64_t value) const {
  return lowest_equivalent(value) + equivalent_range(value) - 1;
}

std::int64_t Histogram::median_equivalent(std::int64_t value) const {
  return lowest_equivalent(value) + (equivalent_range(value) >> 1);
}

bool Histogram::set_count_at_index(int index, std::int64_t count) {
  if (index < 0 || index >= counts_length() || count < 0) return false;
  const auto at = static_cast<std::size_t>(index);
  if (at >= m_counts.size()) m_counts.resize(std::min(static_cast<std::size_t>(m_length), std::max(at + 1, 2 * m_counts.size())), 0);
  auto& slot = m_counts[at];
  m_total += count - slot;
  slot = count;
  if (count > 0) {
    if (index > m_max_index) m_max_index = index;
    if (index > 0 && (m_min_nonzero < 0 || index < m_min_nonzero)) m_min_nonzero = index;
  }
  // A count set back to 0 (never done by the decoder) would leave the extremes stale: recount.
  if (count == 0 && (index == m_max_index || index == m_min_nonzero)) {
    m_max_index = m_min_nonzero = -1;
    for (int i = 0; i < static_cast<int>(m_counts.size()); ++i) {
      if (m_counts[static_cast<std::size_t>(i)] == 0) continue;
      m_max_index = i;
      if (i > 0 && m_min_nonzero < 0) m_min_nonzero = i;
    }
  }
  return true;
}

bool Histogram::record(std::int64_t value, std::int64_t count) {
  if (value < 0 || count < 0) return false;
  const int index = index_of(value);
  if (index < 0 || index >= counts_length()) return false;
  return set_count_at_index(index, count_at_index(index) + count);
}

std::int64_t Histogram::add(const Histogram& other) {
  std::int64_t dropped = 0;
  for (int i = 0; i <= other.m_max_index; ++i) {
    const std::int64_t n = other.count_at_index(i);
    if (n > 0 && !record(other.value_at_index(i), n)) dropped += n;
  }
  return dropped;
}

void Histogram::reset() {
  std::fill(m_counts.begin(), m_counts.end(), 0);
  m_total = 0;
  m_max_index = m_min_nonzero = -1;
}

std::int64_t Histogram::max() const {
  return m_max_index < 0 ? 0 : highest_equivalent(value_at_index(m_max_index));
}

std::int64_t Histogram::min() const {
  if (m_total == 0 || count_at_index(0) > 0 || m_min_nonzero < 0) return 0;
  return value_at_index(m_min_nonzero);
}

double Histogram::mean() const {
  if (m_total == 0) return 0;
  double sum = 0;
  for (int i = 0; i <= m_max_index; ++i) {
    const std::int64_t n = count_at_index(i);
    if (n > 0) sum += static_cast<double>(median_equivalent(value_at_index(i))) * static_cast<double>(n);
  }
  return sum / static_cast<double>(m_total);
}

double Histogram::stddev() const {
  if (m_total == 0) return 0;
  const double mu = mean();
  double sum = 0;
  for (int i = 0; i <= m_max_index; ++i) {
    const std::int64_t n = count_at_index(i);
    if (n == 0) continue;
    const double d = static_cast<double>(median_equivalent(value_at_index(i))) - mu;
    sum += d * d * static_cast<double>(n);
  }
  return std::sqrt(sum / static_cast<double>(m_total));
}

std::int64_t Histogram::value_at_percentile(double percentile) const {
  // As Java: 1 ulp below the asked percentile so that round-off cannot reach the next bucket,
  // then the count that is at least that share, rounded up.
  const double p = std::min(std::max(std::nextafter(percentile, -std::numeric_limits<double>::infinity()), 0.0), 100.0);
  auto at = static_cast<std::int64_t>(std::ceil(p * static_cast<double>(m_total) / 100.0));
  at = std::max<std::int64_t>(at, 1);
  std::int64_t seen = 0;
  for (int i = 0; i <= m_max_index; ++i) {
    seen += count_at_index(i);
    if (seen >= at) {
      const std::int64_t v = value_at_index(i);
      return percentile == 0.0 ? lowest_equivalent(v) : highest_equivalent(v);
    }
  }
  return 0;
}

}  // namespace latbench::hlog
