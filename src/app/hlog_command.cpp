#include "app/hlog_command.hpp"

#include <fmt/format.h>

#include "core/write_file.hpp"
#include "hlog/merge.hpp"

namespace latbench::app {
namespace {

// One log in memory at a time (hlog/merge.hpp says why).
hlog::MergedLog merged(const HlogRequest& request) {
  hlog::LogMerger merger(request.interval_s);
  for (const auto& path : request.inputs) merger.add({path, hlog::read_log(path).take()}).take();
  return std::move(merger).result().take();
}

std::string ms(std::int64_t us) { return fmt::format("{:.3f}", static_cast<double>(us) / 1000.0); }

std::string summary(const hlog::MergedLog& m) {
  const hlog::Histogram& h = m.total;
  std::string out = fmt::format("{} log{}, {} interval{} of {:.3f} s from StartTime {:.3f}", m.inputs,
                                m.inputs == 1 ? "" : "s", m.intervals.size(), m.intervals.size() == 1 ? "" : "s",
                                m.interval_s, m.start_time_s);
  if (m.inputs > 1) out += fmt::format("; the logs started within {:.0f} ms", m.start_spread_s * 1000);
  out += "\n";
  out += fmt::format("count {}  min {} ms  mean {:.3f} ms  stddev {:.3f} ms  max {} ms\n", h.count(), ms(h.min()),
                     h.mean() / 1000.0, h.stddev() / 1000.0, ms(h.max()));
  out += "percentiles (ms):";
  for (double p : {50.0, 90.0, 95.0, 99.0, 99.9, 99.99})
    out += fmt::format("  p{} {}", p, ms(h.value_at_percentile(p)));
  out += "\nerror bound: " + hlog::error_bound_text(h.layout()) +
         "; the percentiles are HdrHistogram's (the bucket of the ceil(p x count)-th value)\n";
  if (m.inputs > 1 && m.start_spread_s > m.interval_s / 2)
    out += fmt::format("note: the logs started {:.3f} s apart, more than half an interval: their intervals are "
                       "placed on the nearest grid point\n", m.start_spread_s);
  return out;
}

}  // namespace

HlogOutcome hlog_show(const HlogRequest& request) { return {summary(merged(request))}; }

HlogOutcome hlog_merge(const HlogRequest& request) {
  const hlog::MergedLog m = merged(request);
  std::vector<std::string> comments = {fmt::format("[Merged by latbench {} from {} logs]", LATBENCH_VERSION, m.inputs)};
  for (const auto& in : request.inputs) comments.push_back("[Input: " + in + "]");
  comments.push_back("[Error bound of the merge: " + hlog::error_bound_text(m.total.layout()) + "]");
  write_whole_file(request.out, hlog::format_merged(m, comments)).take();
  return {summary(m) + fmt::format("wrote {}\n", request.out)};
}

}  // namespace latbench::app
