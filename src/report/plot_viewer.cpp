// The plots of a `--direction down` run (issue 17): frames received per second, frame age over
// time and the inter-arrival gaps, all on arrival time since the run started.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/plot_data.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_script.hpp"

namespace latbench::report {
namespace {

constexpr std::size_t k_max_points = 20'000;  // more frames: drawn as the mean and max per time bin
constexpr double k_smallest_gap_ms = 1e-3;    // a log axis cannot show 0
constexpr std::string_view k_key_below = "set key below horizontal maxrows 2 box lc rgb '#bbbbbb'\nset bmargin 7";

double seconds(double ms) { return ms / 1000.0; }

std::string number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

void require_frames(const ViewerRun& run, std::string_view name) {
  if (run.frames.empty()) throw input_error(fmt::format("run '{}' has no received frames to plot", name));
}

std::string arrival_range(const ViewerRun& run) {
  const double hi = seconds(run.frames.back().arrival_ms);
  return fmt::format("set xrange [0:{}]", number(std::max(hi * 1.01, 0.1)));
}

// The mean and the largest value in time bins, NaN for an empty bin; x at each bin's middle.
struct Bins {
  double width_s = 1;
  std::vector<double> x, mean, max;
};

Bins bins_of(const std::vector<double>& x_s, const std::vector<double>& y) {
  const double hi = x_s.empty() ? 1 : *std::max_element(x_s.begin(), x_s.end());
  Bins out;
  out.width_s = nice_step(hi, 400);
  const auto count = static_cast<std::size_t>(std::floor(hi / out.width_s)) + 1;
  std::vector<double> sum(count, 0), n(count, 0);
  out.max.assign(count, k_nan);
  for (std::size_t i = 0; i < x_s.size(); ++i) {
    const auto k = std::min(count - 1, static_cast<std::size_t>(std::max(0.0, x_s[i] / out.width_s)));
    sum[k] += y[i];
    n[k] += 1;
    out.max[k] = std::isnan(out.max[k]) ? y[i] : std::max(out.max[k], y[i]);
  }
  for (std::size_t k = 0; k < count; ++k) {
    out.x.push_back((static_cast<double>(k) + 0.5) * out.width_s);
    out.mean.push_back(n[k] > 0 ? sum[k] / n[k] : k_nan);
  }
  return out;
}

// Points, or with too many of them their bins' mean and max, into `s`; the plot parts to draw.
std::vector<std::string> points_or_bins(GnuplotScript& s, const std::vector<double>& x, const std::vector<double>& y,
                                        std::string_view what) {
  std::vector<std::string> parts;
  if (x.size() <= k_max_points) {
    s.data_block("points", {x, y});
    parts.push_back(fmt::format("$points using 1:2 with points pt 7 ps {} lc rgb '{}' title {}",
                                x.size() <= 2000 ? "0.5" : "0.25", series_colour(0),
                                gnuplot_quote(fmt::format("{} of each frame ({})", what, x.size()))));
    return parts;
  }
  const Bins b = bins_of(x, y);
  s.data_block("max", {b.x, b.max});
  s.data_block("mean", {b.x, b.mean});
  const std::string width = round_number(b.width_s, b.width_s);
  parts.push_back(fmt::format("$max using 1:2 with lines lw 1.2 lc rgb '{}' title {}", series_colour(1),
                              gnuplot_quote(fmt::format("largest {} per {} s", what, width))));
  parts.push_back(fmt::format("$mean using 1:2 with lines lw 2.5 lc rgb '{}' title {}", series_colour(0),
                              gnuplot_quote(fmt::format("mean {} per {} s ({} frames)", what, width, x.size()))));
  return parts;
}

}  // namespace

PlotScript viewer_fps_script(const ViewerRun& run, std::string_view name, const PlotOptions& options) {
  require_frames(run, name);
  const std::vector<std::size_t> per_second = received_per_second(run.frames);
  std::vector<double> x, y;
  std::size_t peak = 0;
  for (std::size_t k = 0; k < per_second.size(); ++k) {
    x.push_back(static_cast<double>(k) + 0.5);
    y.push_back(static_cast<double>(per_second[k]));
    peak = std::max(peak, per_second[k]);
  }
  const bool capacity = run.capacity_fps && run.viewers == 1;
  PlotScript out;
  out.title = fmt::format("{}: frames received per second ({} frames, {} viewer{})", name, run.frames.size(),
                          run.viewers, run.viewers == 1 ? "" : "s, all together");
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel 'arrival time since the run started (s)'");
  s.command("set ylabel 'frames received in that second (frames/s)'");
  const double top = std::max<double>(static_cast<double>(peak), capacity ? *run.capacity_fps : 0) * 1.18 + 1;
  s.command(fmt::format("set yrange [0:{}]", number(top)));
  s.command(fmt::format("set xrange [0:{}]", per_second.size()));
  if (per_second.size() <= 30) s.command("set xtics 1");
  s.command("set style fill solid 0.85 border lc rgb '#ffffff'");
  s.command("set boxwidth 0.9");
  s.command(k_key_below);
  s.data_block("fps", {x, y});
  std::vector<std::string> parts = {
      fmt::format("$fps using 1:2 with boxes lc rgb '{}' title 'frames received in that second (the last one may be partial)'",
                  series_colour(0))};
  if (capacity)
    parts.push_back(fmt::format("{} with lines dt 2 lw 2.5 lc rgb '{}' title {}", number(*run.capacity_fps), k_error_colour,
                                gnuplot_quote(fmt::format("the link's capacity at these frame sizes: {} fps",
                                                          label_value(*run.capacity_fps, "")))));
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

PlotScript viewer_age_script(const ViewerRun& run, std::string_view name, const PlotOptions& options) {
  require_frames(run, name);
  std::vector<double> x, y;
  for (const auto& f : run.frames)
    if (f.age_ms) {
      x.push_back(seconds(f.arrival_ms));
      y.push_back(*f.age_ms);
    }
  if (x.empty()) throw input_error(fmt::format("run '{}': its frames carry no timestamp, so no age", name));
  PlotScript out;
  out.title = fmt::format("{}: frame age at arrival (n = {})", name, x.size());
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel 'arrival time since the run started (s)'");
  s.command("set ylabel 'frame age: arrival - sender timestamp (ms)'");
  s.command("set yrange [0:*]");
  s.command(arrival_range(run));
  s.command(k_key_below);
  s.command(plot_command(points_or_bins(s, x, y, "age")));
  out.text = s.text();
  return out;
}

PlotScript viewer_gap_script(const ViewerRun& run, std::string_view name, const PlotOptions& options) {
  require_frames(run, name);
  std::vector<double> x, y;
  double top = 0;
  for (const auto& f : run.frames)
    if (f.gap_ms) {
      x.push_back(seconds(f.arrival_ms));
      y.push_back(std::max(*f.gap_ms, k_smallest_gap_ms));
      top = std::max(top, *f.gap_ms);
    }
  if (x.empty()) throw input_error(fmt::format("run '{}' has no gap: one frame per viewer", name));
  PlotScript out;
  out.title = fmt::format("{}: gap since the viewer's previous frame (n = {})", name, x.size());
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel 'arrival time since the run started (s)'");
  s.command("set ylabel 'inter-arrival gap (ms, log scale)'");
  s.command("set logscale y");
  s.command(fmt::format("set yrange [*:{}]", number(std::max(top, run.stall_ms.value_or(0)) * 2)));
  s.command(arrival_range(run));
  s.command(k_key_below);
  std::vector<std::string> parts = points_or_bins(s, x, y, "gap");
  if (run.stall_ms)
    parts.push_back(fmt::format("{} with lines dt 2 lw 2 lc rgb '{}' title {}", number(*run.stall_ms), k_error_colour,
                                gnuplot_quote(fmt::format("stall threshold {} (a gap above it is a stall)",
                                                          label_value(*run.stall_ms, "ms")))));
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

}  // namespace latbench::report
