#include "logs/analysis.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "stats/streaming_summary.hpp"
#include "stats/summarize_in_place.hpp"

namespace latbench::logs {
namespace {

LogInfo info_of(const LogData& d) {
  return {d.source, d.format, d.lines, d.ignored, d.table.rows(), d.skipped, d.counts, d.notes};
}

std::string label_of(const std::string& path) {
  return path == "-" ? std::string("stdin") : std::filesystem::path(path).filename().string();
}

void add_summary(Analysis& a, Series&& series, const AnalyzeOptions& options) {
  auto s = stats::summarize_in_place(series, options.summary, options.seed);
  a.summaries.push_back(std::move(s.summary));
  a.median_cis.push_back(std::move(s.median_ci));
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
  std::vector<LogData> logs;
  for (const auto& file : files) {
    auto log = read_log(file, options.read);
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
        a.median_cis.emplace_back();
      }
      for (auto& extra : log.extra_series) {
        extra.name = named(log, extra.name);
        extra.skipped = log.skipped;
        add_summary(a, std::move(extra), options);
      }
    }
    a.notes.emplace_back(stats::streaming_accuracy_note());
    return a;
  }

  if (options.group_by_request) {
    std::vector<const LogData*> ptrs;
    for (const auto& log : logs) ptrs.push_back(&log);
    auto rows = group_by_request(ptrs);
    if (!rows) return rows.error();
    for (auto& s : group_series(*rows)) add_summary(a, std::move(s), options);
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
    server_options.format_options = options.read.format_options;
    auto s = read_log(options.join_file, server_options);
    if (!s) return s.error();
    server = std::move(s).take();
    a.logs.push_back(info_of(*server));
  }
  std::optional<JoinResult> join;
  if (joining) {
    auto j = join_logs(logs.front(), *server, options.join_on);
    if (!j) return j.error();
    join = std::move(j).take();
  }
  for (auto& log : logs) {
    auto series = log_series(log);
    log.table = RecordTable();  // the values now live in `series`: free the table's copy
    for (auto& s : series) {
      s.name = named(log, s.name);
      add_summary(a, std::move(s), options);
    }
  }
  if (join) {
    a.notes.push_back(fmt::format("joined by {}: {} pairs of device '{}' and server '{}'{}{}",
                                  options.join_on == JoinOn::order ? "order" : "request id", join->network_overhead.values.size(),
                                  join->device_column, join->server_column,
                                  join->device_unpaired ? fmt::format("; {} device records unpaired", join->device_unpaired) : "",
                                  join->server_unpaired ? fmt::format("; {} server records unpaired", join->server_unpaired) : ""));
    if (join->negative_overhead)
      a.notes.push_back(fmt::format("{} pairs have a negative network overhead (server time > device time): the logs "
                                    "may be misaligned (--on order pairs the i-th records)", join->negative_overhead));
    add_summary(a, std::move(join->device_total), options);
    add_summary(a, std::move(join->server_total), options);
    add_summary(a, std::move(join->network_overhead), options);
    a.join = std::move(join);
  }
  return a;
}

}  // namespace latbench::logs
