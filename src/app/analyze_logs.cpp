#include "app/analyze_logs.hpp"

#include <atomic>
#include <cmath>
#include <exception>
#include <filesystem>
#include <iterator>
#include <thread>

#include <fmt/format.h>

#include "core/text.hpp"
#include "core/usable_cores.hpp"
#include "stats/streaming_summary.hpp"
#include "stats/summarize_in_place.hpp"

namespace latbench::app {
using namespace logs;  // the stages analyze composes
namespace {

LogInfo info_of(const LogData& d) {
  return {d.source, d.format, d.lines, d.ignored, d.table.rows(), d.skipped, d.counts, d.notes, d.events};
}

std::string label_of(const std::string& path) {
  return path == "-" ? std::string("stdin") : std::filesystem::path(path).filename().string();
}

// Summaries of independent series, sorted on all cores (sorting is most of the exact path's
// time on big logs); results keep the order of `pending`.
// `seconds`: each pending series' times for plots (see Analysis::series_seconds), or nothing.
void add_summaries(Analysis& a, std::vector<Series>& pending, const AnalyzeOptions& options,
                   std::vector<std::vector<double>> seconds = {}) {
  // Summaries sort their series in place: plots need the record order, so copy first.
  if (options.keep_series && !options.read.streaming) {
    a.series.insert(a.series.end(), pending.begin(), pending.end());
    seconds.resize(pending.size());
    std::move(seconds.begin(), seconds.end(), std::back_inserter(a.series_seconds));
  }
  std::vector<stats::SummaryWithCi> done(pending.size());
  // An error (e.g. --bin-width making too many bins) is caught where it happens and rethrown
  // here, the first series' first: escaping a thread would abort the program.
  std::vector<std::exception_ptr> errors(pending.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < pending.size(); i = next++) {
      try {
        done[i] = stats::summarize_in_place(pending[i], options.summary, options.seed);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const std::size_t threads = std::min(pending.size(), usable_cores());
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  for (auto& d : done) {
    a.summaries.push_back(std::move(d.summary));
    a.median_cis.push_back(std::move(d.median_ci));
  }
  pending.clear();
}

// For each series take_series() will make of `log` (its columns, then its extra series): the
// time of each value in seconds since the log's first timestamped record — when every record
// that has a value has a timestamp and time never goes back (a device clock that restarted, a
// monitor's clock past midnight); else empty (plots then go by record number).
std::vector<std::vector<double>> record_seconds(const LogData& log) {
  const RecordTable& table = log.table;
  std::vector<std::vector<double>> out(table.columns().size() + log.extra_series.size());
  double first = k_missing;
  for (std::size_t r = 0; r < table.rows() && std::isnan(first); ++r) first = table.timestamp(r);
  if (std::isnan(first)) return out;
  for (std::size_t c = 0; c < table.columns().size(); ++c) {
    const auto& values = table.columns()[c].values;
    std::vector<double>& x = out[c];
    for (std::size_t r = 0; r < values.size(); ++r) {
      if (std::isnan(values[r])) continue;
      const double t = table.timestamp(r);
      if (std::isnan(t) || (!x.empty() && (t - first) / 1000 < x.back())) {
        x.clear();
        break;
      }
      x.push_back((t - first) / 1000);
    }
  }
  return out;
}

}  // namespace

Result<Analysis> analyze_logs(const std::vector<std::string>& files, const AnalyzeOptions& options) {
  if (files.empty()) return usage_error("analyze: no FILE given (use - for stdin)");
  const bool joining = !options.join_file.empty();
  if (joining && files.size() != 1)
    return usage_error(fmt::format("--join pairs one device log with one server log, got {} FILEs", files.size()));
  if (options.read.streaming && (joining || options.group_by_request))
    return usage_error("--streaming keeps no per-request records, so it cannot be combined with --join or --group-by");

  Analysis a;
  a.streaming = options.read.streaming;
  // Ids and times per record only where this analysis uses them (a string per record for ids).
  ReadOptions read = options.read;
  const bool by_id = options.group_by_request || (joining && options.join_on == JoinOn::request_id);
  read.ids = read.ids && by_id;
  // Times for plots, and for --group-by to put the stages in pipeline order.
  read.timestamps = read.timestamps && (options.keep_series || options.group_by_request);
  std::vector<LogData> logs;
  for (const auto& file : files) {
    auto log = read_log(file, read);
    if (!log) return log.error();
    logs.push_back(std::move(log).take());
    a.logs.push_back(info_of(logs.back()));
  }
  const bool prefix = files.size() > 1 && !options.group_by_request;
  auto named = [&](const LogData& log, std::string name) {
    return prefix ? fmt::format("{}:{}", label_of(log.source), name) : name;
  };

  if (a.streaming) {
    for (auto& log : logs) {
      for (auto& col : log.table.columns()) {
        auto s = col.sketch->summarize(named(log, col.name), col.unit, options.summary);
        s.skipped = log.skipped;
        a.summaries.push_back(std::move(s));
        a.median_cis.push_back(stats::streaming_median_ci(*col.sketch));
      }
      std::vector<Series> extra = std::move(log.extra_series);
      for (auto& e : extra) {
        e.name = named(log, e.name);
        e.skipped = log.skipped;
      }
      add_summaries(a, extra, options);
    }
    a.notes.emplace_back(stats::streaming_accuracy_note());
    return a;
  }

  if (options.group_by_request) {
    std::vector<const LogData*> ptrs;
    for (const auto& log : logs) ptrs.push_back(&log);
    auto rows = group_by_request(ptrs);
    if (!rows) return rows.error();
    auto series = group_series(*rows);
    add_summaries(a, series, options);
    if (rows->incomplete)
      a.notes.push_back(fmt::format("{} of {} requests miss at least one stage: they count in their stages' series "
                                    "but not in total and shares", rows->incomplete, rows->ids.size()));
    if (rows->repeated)
      a.notes.push_back(fmt::format("{} stage entries were logged more than once for the same request and were summed",
                                    rows->repeated));
    a.rows = std::move(rows).take();
    return a;
  }

  std::optional<LogData> server;
  if (joining) {
    ReadOptions server_options;
    server_options.format = options.join_format;
    server_options.format_option = "--join-format";
    server_options.format_options = options.read.format_options;
    server_options.ids = by_id;
    server_options.timestamps = false;
    auto s = read_log(options.join_file, server_options);
    if (!s) return s.error();
    server = std::move(s).take();
    a.logs.push_back(info_of(*server));
  }
  std::optional<JoinResult> join;
  if (joining) {
    auto j = join_logs(logs.front(), *server, options.join_on, options.join_series);
    if (!j) return j.error();
    join = std::move(j).take();
  }
  std::vector<Series> pending;
  std::vector<std::vector<double>> seconds;
  for (auto& log : logs) {
    if (options.keep_series) {
      auto x = record_seconds(log);
      std::move(x.begin(), x.end(), std::back_inserter(seconds));
    }
    for (auto& s : take_series(log)) {  // moved out of the table: no second copy of the values
      s.name = named(log, s.name);
      pending.push_back(std::move(s));
    }
  }
  if (join) {
    a.notes.push_back(fmt::format("joined by {}: {} of device '{}' and server '{}'{}{}",
                                  options.join_on == JoinOn::order ? "order" : "request id", counted(join->network_overhead.values.size(), "pair"),
                                  join->device_column, join->server_column,
                                  join->device_unpaired ? fmt::format("; {} unpaired", counted(join->device_unpaired, "device record")) : "",
                                  join->server_unpaired ? fmt::format("; {} unpaired", counted(join->server_unpaired, "server record")) : ""));
    if (join->negative_overhead)
      a.notes.push_back(fmt::format("{} a negative network overhead (server time > device time): the logs may be "
                                    "misaligned (--on order pairs the i-th records)",
                                    join->negative_overhead == 1 ? "1 pair has" : counted(join->negative_overhead, "pair") + " have"));
    pending.push_back(std::move(join->device_total));
    pending.push_back(std::move(join->server_total));
    pending.push_back(std::move(join->network_overhead));
    a.join = std::move(join);
  }
  add_summaries(a, pending, options, std::move(seconds));
  return a;
}

}  // namespace latbench::app
