#pragma once
// The plot engine's input: plain structs any command can fill (run from its samples, analyze
// from log records, compare from each profile), independent of the driver's or readers' types.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/series.hpp"

namespace latbench::report {

// What happened to one request, so the timeline can mark it. A timeout is kept apart from other
// errors because its latency is the timeout itself, not the server's answer.
enum class PointStatus : std::uint8_t { ok, error, timeout };

struct PointFlags {
  PointStatus status = PointStatus::ok;
  bool warmup = false;  // shaded on the timeline: not counted in the statistics
};

// Something that happened between or during requests, drawn on the timeline as a vertical
// line at `x`, one legend entry per kind with its count: a device reboot, an error with no
// request of its own (a refused connection).
struct PlotEvent {
  std::string kind;  // legend text: "boot", "refused"
  double x = 0;      // in the series' x: request index, or the unit of `x` when set
};

// One named line of numbers. `values[i]` is the i-th request; `flags` is empty (all ok) or has
// one entry per value; `x` is empty (x = request index) or one x per value (e.g. start time).
struct PlotSeries {
  std::string name;
  std::string unit;  // "ms", "bytes", ...: shown in axis labels
  std::vector<double> values;
  std::vector<PointFlags> flags;
  std::vector<double> x;
  std::string x_label;  // axis label when `x` is set, e.g. "start time (s)"
  std::vector<PlotEvent> events;  // marked on the timeline
};

// A PlotSeries from a core Series (no flags, x = index).
PlotSeries plot_series_from(const Series& series);

enum class PlotFormat { png, svg };

// "png" or "svg"; the error names `what` (the option).
Result<PlotFormat> parse_plot_format(std::string_view text, std::string_view what = "plot format");
std::string_view extension(PlotFormat format);  // "png" / "svg"

struct PlotOptions {
  PlotFormat format = PlotFormat::png;
  int width = 1200;   // pixels (SVG: user units), readable on a laptop screen and in a README
  int height = 700;
  std::string gnuplot = "gnuplot";  // program to run, looked up in PATH when it has no '/'
};

// A file written by the plot engine, for reports that link to it.
struct PlotFile {
  std::string kind;     // "timeline", "histogram", "percentiles", "cdf", "device_vs_server", ...
  std::string title;    // as shown on the plot
  std::filesystem::path path;
};

}  // namespace latbench::report
