#pragma once
// One gnuplot script per kind of plot. Each builder takes plain PlotSeries, computes the
// numbers to draw (plot_data.hpp), and returns the script text plus the title it shows; running
// it is plot_gnuplot.hpp's job, so tests can read exactly what gnuplot would get. Builders throw
// latbench::Error (input) when there is nothing to draw, naming the series.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "report/frame_series.hpp"
#include "report/viewer_series.hpp"
#include "report/plot_types.hpp"
#include "stats/histogram.hpp"

namespace latbench::report {

struct PlotScript {
  std::string title;
  std::string text;
};

// Latency per request: every request as a dot, the rolling median as a line, errors and
// timeouts marked, warm-up requests shaded. `colour_index` picks the series colour.
PlotScript timeline_script(const PlotSeries& series, const PlotOptions& options,
                           std::size_t colour_index = 0);

// Bars exactly on the statistics' bins (`histogram` from stats::build_histogram, explicit edges
// included), with the median and p99 marked; counts outside explicit edges are said.
struct HistogramMarks {
  std::size_t count = 0;
  double median = 0, p99 = 0;
  double max = 0;  // said when the view leaves a far tail out
};
PlotScript histogram_script(std::string_view name, std::string_view unit, const stats::Histogram& histogram,
                            const HistogramMarks& marks, const PlotOptions& options,
                            std::size_t colour_index = 0);
// The same with the marks computed from `series`' values.
PlotScript histogram_script(const PlotSeries& series, const stats::Histogram& histogram,
                            const PlotOptions& options, std::size_t colour_index = 0);

// Value at percentile on a log axis of 1/(1-p) (90%, 99%, 99.9% equally spaced), one curve per
// series: with several series this is the comparison's overlaid percentile plot.
PlotScript percentile_script(const std::vector<PlotSeries>& series, const PlotOptions& options);

// Empirical CDF, one step line per series.
PlotScript cdf_script(const std::vector<PlotSeries>& series, const PlotOptions& options);

// Tukey box plot per series (profile), side by side, each in its series colour.
PlotScript box_script(const std::vector<PlotSeries>& series, const PlotOptions& options);

// Device time against server time per request (joined, same length; NaN where a request has
// no server record), the gap between them filled, and below it the overhead
// (device - server) per request with its mean.
PlotScript device_server_script(const PlotSeries& device, const PlotSeries& server,
                                const PlotOptions& options);

// Stages of each request stacked into one bar per request (groups of requests averaged when
// there are too many to see), and below it the mean share of each stage in the total.
// All stages have one value per request, in the same order. `ids` (empty, or one per request)
// label the bars when there are few enough to read (40); else the axis counts requests.
PlotScript stages_script(const std::vector<PlotSeries>& stages, const PlotOptions& options,
                         const std::vector<std::string>& ids = {});

// The frame plots of a WebSocket run, titled with `name` (the run):
// RTT per frame against its send time on the frame clock, answered / timed out / failed frames
// marked and the clock's gaps (skipped frames) shaded when the run has one device;
PlotScript frame_rtt_script(const FrameRun& run, std::string_view name, const PlotOptions& options);
// answered frames per second of answer time as bars (answered_per_second), the target rate as a
// dashed line when the run has one;
PlotScript frame_fps_script(const FrameRun& run, std::string_view name, const PlotOptions& options);
// the pending frames at each send as a step line per device.
PlotScript frame_pending_script(const FrameRun& run, std::string_view name, const PlotOptions& options);

// The viewer plots of a `--direction down` run (viewer_series.hpp), titled with `name`:
// frames received per second (all viewers) as bars, with the link's capacity as a dashed line
// when the run had one viewer and a link;
PlotScript viewer_fps_script(const ViewerRun& run, std::string_view name, const PlotOptions& options);
// each frame's age against its arrival (the mean and max per time bin when there are many);
PlotScript viewer_age_script(const ViewerRun& run, std::string_view name, const PlotOptions& options);
// each inter-arrival gap against its arrival on a log axis, the stall threshold dashed.
PlotScript viewer_gap_script(const ViewerRun& run, std::string_view name, const PlotOptions& options);

}  // namespace latbench::report
