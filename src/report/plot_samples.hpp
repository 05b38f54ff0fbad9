#pragma once
// A run's samples.jsonl (format in TEAM.md) read for plotting: every request in file order with
// its flags (error, timeout, warm-up), the server's view of it, and its stages. The driver's
// own reader (client/samples_file.hpp) builds statistics series; plots also need the per-request
// flags and the request order it does not keep, hence this small reader.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/series.hpp"
#include "report/plot_types.hpp"

namespace latbench::report {

struct RecordedRun {
  std::string name;                  // the file's stem, e.g. "baseline"
  PlotSeries total;                  // total_ms of every request, flags set, file order
  std::optional<PlotSeries> server;  // the server's total per request (NaN without Server-Timing)
  std::vector<PlotSeries> stages;    // server stages then "network + overhead", per request
  // For the statistics (warm-up left out, like `latbench run`): total (requests with an HTTP
  // answer, and timeouts at their elapsed time), server_total, network_overhead.
  std::vector<Series> statistics;
  SkipCounts skipped;                // malformed lines, by reason, with their line numbers
};

// Reads `path`. Errors (input) name the file: unreadable, or no valid sample in it. A malformed
// line (e.g. the torn last line of a killed run) is skipped and counted, not fatal.
Result<RecordedRun> read_recorded_run(const std::filesystem::path& path);

}  // namespace latbench::report
