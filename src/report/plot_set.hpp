#pragma once
// The plots of one run, analysis or comparison, drawn into a directory in one call. Commands
// fill a PlotSet with what they have (a join adds device/server, --group-by adds stages,
// compare adds profiles) and get back the files written, for the Markdown report to link.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/frame_series.hpp"
#include "report/viewer_series.hpp"
#include "report/plot_types.hpp"
#include "stats/histogram.hpp"
#include "stats/summary.hpp"

namespace latbench::report {

// A latency series: timeline, histogram, percentile plot and CDF. `series` is every request
// (flags set) for the timeline. The distribution plots draw `summary`'s values when given (the
// values the statistics were computed on), else `series` without its warm-up requests; the
// histogram uses `summary`'s bins, median and p99 when given (so the plot matches the tables),
// else automatic bins.
struct LatencyPlot {
  PlotSeries series;
  std::optional<stats::Summary> summary;
  std::vector<double> distribution;  // the statistics' values; empty: series without warm-up
};

struct PlotSet {
  std::vector<LatencyPlot> latency;
  std::optional<PlotSeries> device;    // with `server`: device vs server per request (joined)
  std::optional<PlotSeries> server;
  std::vector<PlotSeries> stages;      // stage breakdown, one value per request each
  std::vector<std::string> stage_ids;  // the requests' ids (--group-by), or empty
  std::vector<PlotSeries> profiles;    // comparison: overlaid percentiles, CDF, box plots
  // Statistics without raw values (a summary JSON): only their histograms can be drawn.
  std::vector<stats::Summary> summary_only;
  // A WebSocket frames run: RTT per frame, answered frames per second, pending frames, titled
  // with `frames_name` (the run's label).
  std::optional<FrameRun> frames;
  std::string frames_name;
  // A viewer run (direction down): received fps, frame age and gaps over time, titled with
  // `frames_name` too.
  std::optional<ViewerRun> viewer;
};

struct PlotOutcome {
  std::vector<PlotFile> files;
  std::vector<std::string> notes;      // one line each, for the terminal: skipped plots, no gnuplot
  bool gnuplot_missing = false;
};

// Draws every plot `set` has data for into `dir` (created if needed), as
// <kind>[_<series>].<png|svg>. A plot that cannot be drawn (empty series) becomes a note; a
// missing gnuplot becomes one note with the install hint and no files. Throws latbench::Error
// when `dir` cannot be created or gnuplot fails on a script.
PlotOutcome render_plots(const PlotSet& set, const std::filesystem::path& dir, const PlotOptions& options);

// A file-name-safe form of a series name: lower-case letters, digits, '-' and '_' (max 40).
std::string file_slug(std::string_view name);

}  // namespace latbench::report
