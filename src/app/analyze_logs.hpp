#pragma once
// The analysis behind `latbench analyze`: read every log, optionally join a server log or group
// stages by request id, and summarise every series (exact, or constant-memory in streaming
// mode). app/analyze_command.hpp turns it into the command's text and files.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "logs/group_by.hpp"
#include "logs/join.hpp"
#include "logs/read_log.hpp"
#include "stats/median_ci.hpp"
#include "stats/summary.hpp"

namespace latbench::app {

struct AnalyzeOptions {
  logs::ReadOptions read;                  // applies to the FILEs; the --join log has join_format
  stats::SummaryOptions summary;     // trim and histogram bins
  std::string join_file;             // --join: the server log paired with the (single) FILE
  std::string join_format;           // the server log's format ("" = sniffed), as read.format
  logs::JoinSeries join_series;            // which series of each log are paired ("" = the default)
  logs::JoinOn join_on = logs::JoinOn::order;
  bool group_by_request = false;     // --group-by request_id
  std::uint64_t seed = 1;            // bootstrap of the median CI
  bool keep_series = false;          // keep every series' values in record order (for plots)
};

// What each log held besides its series.
struct LogInfo {
  std::string source, format;
  std::uint64_t lines = 0, ignored = 0, records = 0;
  SkipCounts skipped;
  std::map<std::string, std::map<std::string, std::uint64_t>> counts;
  std::vector<std::string> notes;
  std::vector<logs::LogEvent> events;  // boots and errors, for the timeline (when it is drawn)
};

struct Analysis {
  std::vector<LogInfo> logs;
  std::vector<stats::Summary> summaries;
  std::vector<stats::MedianCi> median_cis;   // aligned with summaries (invalid in streaming mode)
  // With keep_series (not in streaming mode): each summary's values in record order, aligned
  // with summaries. After a join the last three are device total, server total, overhead.
  std::vector<Series> series;
  // Aligned with `series` (same condition): each value's time in seconds since its log's first
  // timestamped record, or empty when its log has no time for every record (or for joins and
  // group-by, whose rows pair records of two logs).
  std::vector<std::vector<double>> series_seconds;
  std::optional<logs::JoinResult> join;            // series moved out; counts and names kept
  std::optional<logs::RequestRows> rows;           // --group-by
  std::vector<std::string> notes;            // about the whole analysis (accuracy, pairing)
  bool streaming = false;
};

// Errors (exit 2): any read error, --join with several FILEs, --join / --group-by with
// --streaming (they need every record), a log without ids for --on request_id / --group-by.
Result<Analysis> analyze_logs(const std::vector<std::string>& files, const AnalyzeOptions& options);

}  // namespace latbench::app
