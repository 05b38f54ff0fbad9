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

// The length most intervals have (ties: the shorter), in ms steps so 1.000 and 0.999 agree.
double common_length(const std::vector<NamedLog>& logs) {
  std::map<long long, int> votes;
  for (const auto& l : logs)
    for (const auto& i : l.log.intervals)
      if (i.length_s > 0) ++votes[std::llround(i.length_s * 1000)];
  long long best = 1000;
  int most = 0;
  for (auto [ms, n] : votes)
    if (n > most) best = ms, most = n;
  return static_cast<double>(best) / 1000.0;
}

// Interval_Max = max / ratio: the ratio the first interval with values was written with, as a
// power of ten (Java's default 1e6 for ns, latbench's 1000 for us).
double written_ratio(const std::vector<NamedLog>& logs) {
  for (const auto& l : logs)
    for (const auto& i : l.log.intervals)
      if (i.max > 0 && i.histogram.max() > 0)
        return std::pow(10.0, std::round(std::log10(static_cast<double>(i.histogram.max()) / i.max)));
  return 1000;
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

Result<MergedLog> merge_logs(const std::vector<NamedLog>& logs, std::optional<double> interval_s) {
  if (logs.empty()) return usage_error("no interval logs to merge");
  MergedLog out;
  out.inputs = logs.size();
  std::optional<Layout> layout;
  double earliest = 0, latest = 0;
  for (std::size_t n = 0; n < logs.size(); ++n) {
    const auto& l = logs[n];
    if (!l.log.start_time_s && !l.log.base_time_s)
      return input_error(fmt::format("{}: no #[StartTime: ...] or #[BaseTime: ...] line, so its intervals have no "
                                     "place on the shared timeline", l.name));
    if (l.log.intervals.empty()) return input_error(fmt::format("{}: no intervals", l.name));
    const double start = l.log.base_time_s.value_or(*l.log.start_time_s);
    earliest = n == 0 ? start : std::min(earliest, start);
    latest = n == 0 ? start : std::max(latest, start);
    for (const auto& i : l.log.intervals) {
      if (!layout) layout = i.histogram.layout();
      if (i.histogram.layout() != *layout)
        return input_error(fmt::format("{}:{}: a histogram of {}, not {} as in {}: adding them would re-bin values "
                                       "(merge logs written with one layout)",
                                       l.name, i.line, layout_text(i.histogram.layout()), layout_text(*layout),
                                       logs.front().name));
    }
  }
  out.start_time_s = earliest;
  out.start_spread_s = latest - earliest;
  out.interval_s = interval_s.value_or(common_length(logs));
  if (!(out.interval_s > 0)) return usage_error(fmt::format("interval: expected more than 0 s, got {}", out.interval_s));
  out.max_ratio = written_ratio(logs);
  out.total = Histogram(*layout);

  // (grid point, tag) -> the sum, and where its last input interval ended.
  struct Slot {
    Histogram h;
    double end_s = 0;
  };
  std::map<std::pair<long long, std::string>, Slot> slots;
  for (const auto& l : logs) {
    for (const auto& i : l.log.intervals) {
      const double at = l.log.absolute_start_s(i) - earliest;
      const long long k = std::llround(at / out.interval_s);
      auto [it, fresh] = slots.try_emplace({k, i.tag}, Slot{Histogram(*layout), 0});
      it->second.h.add(i.histogram);
      it->second.end_s = std::max(it->second.end_s, at + i.length_s);
      out.total.add(i.histogram);
    }
  }
  for (auto& [key, slot] : slots) {
    const double start = static_cast<double>(key.first) * out.interval_s;
    out.intervals.push_back({key.second, start, std::max(slot.end_s - start, 0.0), std::move(slot.h)});
  }
  return out;
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
