// Latency per request over time: the plot users draw first, to see where the spikes are.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/plot_data.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_script.hpp"

namespace latbench::report {
namespace {

// Above this many requests the dots are thinned to each group's min and max (spikes survive);
// gnuplot would draw a million dots, but slowly and as one blot.
constexpr std::size_t k_max_dots = 40000;
constexpr std::size_t k_max_median_points = 4000;

double x_of(const PlotSeries& s, std::size_t i) {
  return s.x.empty() ? static_cast<double>(i) : s.x[i];
}

PointFlags flags_of(const PlotSeries& s, std::size_t i) {
  return s.flags.empty() ? PointFlags{} : s.flags[i];
}

// Contiguous runs of warm-up requests, as [first, last] indices.
std::vector<std::pair<std::size_t, std::size_t>> warmup_runs(const PlotSeries& s) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t i = 0; i < s.flags.size(); ++i) {
    if (!s.flags[i].warmup) continue;
    if (!runs.empty() && runs.back().second + 1 == i) runs.back().second = i;
    else runs.emplace_back(i, i);
  }
  return runs;
}

}  // namespace

PlotScript timeline_script(const PlotSeries& series, const PlotOptions& options,
                           std::size_t colour_index) {
  const std::size_t n = series.values.size();
  if (!series.flags.empty() && series.flags.size() != n) {
    throw input_error(fmt::format("series '{}': {} flags for {} values", series.name, series.flags.size(), n));
  }
  if (!series.x.empty() && series.x.size() != n) {
    throw input_error(fmt::format("series '{}': {} x values for {} values", series.name, series.x.size(), n));
  }
  if (sorted_finite(series.values).empty()) {
    throw input_error(fmt::format("series '{}' has no values to plot", series.name));
  }

  const std::size_t window = default_rolling_window(n);
  const std::vector<double> median = rolling_median(series.values, window);

  std::vector<double> dot_x, dot_y, err_x, err_y, to_x, to_y, med_x, med_y;
  const std::vector<std::size_t> kept = minmax_decimate(series.values, k_max_dots);
  for (std::size_t i : kept) {
    dot_x.push_back(x_of(series, i));
    dot_y.push_back(series.values[i]);
  }
  std::size_t errors = 0, timeouts = 0;
  for (std::size_t i = 0; i < n; ++i) {  // every failure is marked, however many requests
    const PointStatus status = flags_of(series, i).status;
    if (status == PointStatus::error) {
      ++errors;
      err_x.push_back(x_of(series, i));
      err_y.push_back(series.values[i]);
    } else if (status == PointStatus::timeout) {
      ++timeouts;
      to_x.push_back(x_of(series, i));
      to_y.push_back(series.values[i]);
    }
  }
  const std::size_t step = std::max<std::size_t>(1, n / k_max_median_points);
  for (std::size_t i = 0; i < n; i += step) {
    med_x.push_back(x_of(series, i));
    med_y.push_back(median[i]);
  }

  PlotScript out;
  out.title = fmt::format("{}: latency per request (n = {})", series.name, n);
  if (kept.size() < n) out.title += fmt::format(", dots: min and max of every {} requests", (n + k_max_dots / 2 - 1) / (k_max_dots / 2));
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel " + gnuplot_quote(series.x.empty() ? "request #" : series.x_label));
  s.command("set ylabel " + gnuplot_quote(axis_label(series.name, series.unit)));
  const auto finite = sorted_finite(series.values);
  // Timeouts sit at the timeout itself, often far above every answer: when they would squash
  // the answers into a flat line, the axis ends above the answers and timeouts sit on its top.
  double top_ok = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    if (flags_of(series, i).status != PointStatus::timeout && std::isfinite(series.values[i])) {
      top_ok = std::max(top_ok, series.values[i]);
    }
  }
  double timeout_max = 0;
  for (double v : to_y) timeout_max = std::max(timeout_max, v);
  const bool clip_timeouts = !to_y.empty() && top_ok > 0 && timeout_max > 2 * top_ok;
  const double y_top = top_ok * 1.08;
  if (clip_timeouts) {
    s.command(fmt::format("set yrange [{}:{}]", finite.front() >= 0 ? 0.0 : finite.front(), y_top));
    for (double& v : to_y) v = std::min(v, y_top);
  } else if (finite.front() >= 0) {
    s.command("set yrange [0:*]");  // a latency axis starts at zero
  }
  s.command("set key top right");
  if (series.x.empty()) {
    s.command(fmt::format("set xrange [-0.5:{}]", static_cast<double>(n) - 0.5));
  } else {
    s.command("set autoscale xfix");
  }
  const auto runs = warmup_runs(series);
  std::size_t warm = 0;
  for (const auto& [first, last] : runs) {
    warm += last - first + 1;
    const double pad = series.x.empty() ? 0.5 : 0.0;
    std::string rect = "set object rect from ";
    append_number(rect, x_of(series, first) - pad);
    rect += ", graph 0 to ";
    append_number(rect, x_of(series, last) + pad);
    rect += fmt::format(", graph 1 behind fc rgb '{}' fs solid 1.0 noborder", k_warmup_colour);
    s.command(rect);
  }

  s.data_block("dots", {dot_x, dot_y});
  s.data_block("median", {med_x, med_y});
  std::vector<std::string> parts;
  // Dots in the series colour, half transparent so dense regions read darker.
  const std::string colour(series_colour(colour_index));
  const std::string translucent = "#80" + colour.substr(1);
  const bool few = n <= 300;
  parts.push_back(fmt::format("$dots using 1:2 with {} lc rgb '{}' title 'each request'",
                              few ? "linespoints pt 7 ps 0.6 lw 0.8" : "points pt 7 ps 0.35",
                              few ? colour : translucent));
  parts.push_back(fmt::format("$median using 1:2 with lines lw 3 lc rgb '{}' title 'rolling median of {}'",
                              few ? std::string("#222222") : colour, window));
  if (errors > 0) {
    s.data_block("errors", {err_x, err_y});
    parts.push_back(fmt::format("$errors using 1:2 with points pt 2 ps 1.6 lw 2 lc rgb '{}' title 'error ({})'",
                                k_error_colour, errors));
  }
  if (timeouts > 0) {
    s.data_block("timeouts", {to_x, to_y});
    const std::string label = clip_timeouts
        ? fmt::format("timeout ({}, up to {}: drawn at the top)", timeouts, label_value(timeout_max, series.unit))
        : fmt::format("timeout ({})", timeouts);
    parts.push_back(fmt::format("$timeouts using 1:2 with points pt 9 ps 1.6 lc rgb '{}' title {}",
                                k_timeout_colour, gnuplot_quote(label)));
  }
  if (warm > 0) {
    parts.push_back(fmt::format("keyentry with boxes fc rgb '{}' title 'warm-up ({})'",
                                k_warmup_colour, warm));
  }
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

}  // namespace latbench::report
