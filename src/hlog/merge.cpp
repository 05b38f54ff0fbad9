#include "hlog/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "hlog/log_writer.hpp"

namespace latbench::hlog {
namespace {

std::string layout_text(const Layout& l) {
  return fmt::format("{}..{} at {} significant digits", l.lowest, l.highest, l.digits);
}

// The length most intervals of `log` have (ties: the shorter), in ms steps so 1.000 and 0.999 agree.
double common_length(const IntervalLog& log) {
  std::map<long long, int> votes;
  for (const auto& i : log.intervals)
    if (i.length_s > 0) ++votes[std::llround(i.length_s * 1000)];
  long long best = 1000;
  int most = 0;
  for (auto [ms, n] : votes)
    if (n > most) best = ms, most = n;
  return static_cast<double>(best) / 1000.0;
}

// Interval_Max = max / ratio: the ratio an interval with values was written with, as a power of
// ten (Java's default 1e6 for ns, latbench's 1000 for us); unset when it has no values.
std::optional<double> written_ratio(const Interval& i) {
  if (i.max <= 0 || i.histogram.max() <= 0) return std::nullopt;
  return std::pow(10.0, std::round(std::log10(static_cast<double>(i.histogram.max()) / i.max)));
}

}  // namespace

std::string error_bound_text(const Layout& layout) {
  const Histogram h(layout);
  // Above sub_bucket_count units a bucket holds values that differ by less than 1 part in
  // half of it (1024 at 3 digits); below, each unit has its own bucket.
  return fmt::format("values within {}% (HdrHistogram, {} significant digits: a value's bucket is at most 1/{} of it "
                     "wide, one unit wide below {} units); counts exact",
                     100.0 / std::pow(10.0, layout.digits), layout.digits, h.sub_bucket_count() / 2,
                     h.sub_bucket_count() * layout.lowest);
}

Result<bool> LogMerger::add(const NamedLog& l) {
  if (!l.log.start_time_s && !l.log.base_time_s)
    return input_error(fmt::format("{}: no #[StartTime: ...] or #[BaseTime: ...] line, so its intervals have no "
                                   "place on the shared timeline", l.name));
  if (l.log.intervals.empty()) return input_error(fmt::format("{}: no intervals", l.name));
  for (const auto& i : l.log.intervals) {
    if (!m_layout) m_layout = i.histogram.layout();
    if (i.histogram.layout() != *m_layout)
      return input_error(fmt::format("{}:{}: a histogram of {}, not {} as in {}: adding them would re-bin values "
                                     "(merge logs written with one layout)",
                                     l.name, i.line, layout_text(i.histogram.layout()), layout_text(*m_layout),
                                     m_first.empty() ? l.name : m_first));
  }
  const double start = l.log.base_time_s.value_or(*l.log.start_time_s);
  if (m_inputs == 0) {
    m_first = l.name;
    m_origin = m_earliest = m_latest = start;
    if (!m_interval_s) m_interval_s = common_length(l.log);
    if (!(*m_interval_s > 0)) return usage_error(fmt::format("interval: expected more than 0 s, got {}", *m_interval_s));
    m_total.emplace(*m_layout);
  }
  m_earliest = std::min(m_earliest, start);
  m_latest = std::max(m_latest, start);
  ++m_inputs;
  for (const auto& i : l.log.intervals) {
    if (!m_ratio_known)
      if (auto r = written_ratio(i)) m_max_ratio = *r, m_ratio_known = true;
    const double at = l.log.absolute_start_s(i) - m_origin;
    const long long k = std::llround(at / *m_interval_s);
    auto it = m_slots.find({k, i.tag});
    if (it == m_slots.end()) it = m_slots.emplace(std::make_pair(k, i.tag), Slot{Histogram(*m_layout), 0}).first;
    it->second.h.add(i.histogram);
    it->second.end_s = std::max(it->second.end_s, at + i.length_s);
    m_total->add(i.histogram);
  }
  return true;
}

Result<MergedLog> LogMerger::result() && {
  if (m_inputs == 0) return usage_error("no interval logs to merge");
  MergedLog out;
  out.inputs = m_inputs;
  out.interval_s = *m_interval_s;
  out.max_ratio = m_max_ratio;
  out.start_spread_s = m_latest - m_earliest;
  // The grid's first point that holds an interval is the merged log's StartTime.
  const long long first = m_slots.begin()->first.first;
  out.start_time_s = m_origin + static_cast<double>(first) * out.interval_s;
  for (auto& [key, slot] : m_slots) {
    const double start = static_cast<double>(key.first - first) * out.interval_s;
    const double end = slot.end_s - static_cast<double>(first) * out.interval_s;
    out.intervals.push_back({key.second, start, std::max(end - start, 0.0), std::move(slot.h)});
  }
  out.total = std::move(*m_total);
  return out;
}

Result<MergedLog> merge_logs(const std::vector<NamedLog>& logs, std::optional<double> interval_s) {
  LogMerger merger(interval_s);
  for (const auto& l : logs)
    if (auto added = merger.add(l); !added) return added.error();
  return std::move(merger).result();
}

std::string format_merged(const MergedLog& merged, const std::vector<std::string>& comments) {
  LogHeader header;
  header.start_time_s = merged.start_time_s;
  header.comments = comments;
  header.max_ratio = merged.max_ratio;
  std::string text = format_header(header);
  for (const auto& i : merged.intervals) text += format_interval(i.start_s, i.length_s, i.histogram, merged.max_ratio, i.tag);
  return text;
}

}  // namespace latbench::hlog
