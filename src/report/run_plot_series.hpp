#pragma once
// One recorded run (a samples.jsonl) as the plots need it: every request in file order with its
// flags (error, timeout, warm-up), the server's view of it and its stages, beside the statistics
// `latbench run` computes; and its reader (`latbench plot`, `run --plot`), which is the samples
// module's reader and series builder plus what only plots need, the per-request order and flags.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/series.hpp"
#include "report/frame_series.hpp"
#include "report/viewer_series.hpp"
#include "report/plot_types.hpp"

namespace latbench::report {

struct RecordedRun {
  std::string name;                  // the file's stem, e.g. "baseline"
  PlotSeries total;                  // total_ms of every request, flags set, file order
  // The server's processing per request (samples/server_stages.hpp: its total less its recv; NaN
  // without Server-Timing).
  std::optional<PlotSeries> server;
  // The processing stages (all but recv and total) then "network + overhead" (total - processing,
  // so it holds recv, the body's transfer), per request: the bands add up to total.
  std::vector<PlotSeries> stages;
  // As `latbench run` computes them (samples::SeriesBuilder, warm-up left out): total (requests
  // with an HTTP answer, and timeouts as at least the timeout), then, when the server sent
  // Server-Timing, server_total and network_overhead.
  std::vector<Series> statistics;
  SkipCounts skipped;                // malformed lines, by reason, with their line numbers
  // Set when the file holds WebSocket frames (transport "ws"): those frames, with the target
  // rate and skipped count of the summary.json beside the file when there is one (a run folder).
  std::optional<FrameRun> frames;
  // Set when the file holds frames pushed to viewers (direction "down").
  std::optional<ViewerRun> viewer;
};

// Reads `path`. Errors (input) name the file: unreadable, or no valid sample in it. A malformed
// line (e.g. the torn last line of a killed run) is skipped and counted, not fatal.
Result<RecordedRun> read_recorded_run(const std::filesystem::path& path);

}  // namespace latbench::report
