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
constexpr std::size_t k_max_event_lines = 300;

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

struct Trend {
  bool valid = false;
  double intercept = 0, slope = 0;  // value = intercept + slope * x
};

// Least-squares line through the finite values against their x.
Trend trend_of(const PlotSeries& s, const std::vector<double>& values) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) continue;
    const double x = x_of(s, i);
    sx += x;
    sy += values[i];
    sxx += x * x;
    sxy += x * values[i];
    n += 1;
  }
  const double d = n * sxx - sx * sx;
  if (n < 3 || !(std::abs(d) > 0)) return {};
  Trend t;
  t.valid = true;
  t.slope = (n * sxy - sx * sy) / d;
  t.intercept = (sy - t.slope * sx) / n;
  return t;
}

// Vertical lines at each event, one legend entry per kind ("boot (2)") in first-seen order:
// boots dashed grey, errors dotted in the error colour.
void add_events(GnuplotScript& s, const std::vector<PlotEvent>& events, std::vector<std::string>& parts) {
  std::vector<std::pair<std::string, std::size_t>> kinds;
  int arrow = 1;
  for (const auto& e : events) {
    if (!std::isfinite(e.x)) continue;
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == e.kind; });
    if (it == kinds.end()) it = kinds.insert(kinds.end(), {e.kind, 0});
    // Every event is counted; beyond a few hundred lines of a kind the plot is solid ink.
    if (++it->second > k_max_event_lines) continue;
    const bool boot = e.kind == "boot";
    std::string command = fmt::format("set arrow {} from ", arrow++);
    append_number(command, e.x);
    command += ", graph 0 to ";
    append_number(command, e.x);
    command += fmt::format(", graph 1 nohead back dt {} lw 2 lc rgb '{}'", boot ? 2 : 3,
                           boot ? k_event_colour : k_error_colour);
    s.command(command);
  }
  for (const auto& [kind, count] : kinds) {
    const bool boot = kind == "boot";
    parts.push_back(fmt::format("keyentry with lines dt {} lw 2 lc rgb '{}' title {}", boot ? 2 : 3,
                                boot ? k_event_colour : k_error_colour,
                                gnuplot_quote(fmt::format("{} ({})", kind, count))));
  }
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

  // Values in the display unit (s for ESP32 uploads of seconds); flags and x are untouched.
  const auto finite = sorted_finite(series.values);
  const bool latency = is_time_unit(series.unit);
  const DisplayUnit du = display_unit(series.unit, finite[finite.size() / 2], finite.back());
  std::vector<double> values = series.values;
  for (double& v : values) v *= du.factor;

  const std::size_t window = default_rolling_window(n);
  const std::vector<double> median = rolling_median(values, window);

  std::vector<double> dot_x, dot_y, err_x, err_y, to_x, to_y, med_x, med_y;
  const std::vector<std::size_t> kept = minmax_decimate(values, k_max_dots);
  for (std::size_t i : kept) {
    dot_x.push_back(x_of(series, i));
    dot_y.push_back(values[i]);
  }
  std::size_t errors = 0, timeouts = 0;
  for (std::size_t i = 0; i < n; ++i) {  // every failure is marked, however many requests
    const PointStatus status = flags_of(series, i).status;
    if (status == PointStatus::error) {
      ++errors;
      err_x.push_back(x_of(series, i));
      err_y.push_back(values[i]);
    } else if (status == PointStatus::timeout) {
      ++timeouts;
      to_x.push_back(x_of(series, i));
      to_y.push_back(values[i]);
    }
  }
  const std::size_t step = std::max<std::size_t>(1, n / k_max_median_points);
  for (std::size_t i = 0; i < n; i += step) {
    med_x.push_back(x_of(series, i));
    med_y.push_back(median[i]);
  }

  PlotScript out;
  // A latency is one per request; a heap reading or a byte count is a value per record, whose
  // axis does not start at zero (a leak of 1 KB in 185 KB would be a flat line).
  out.title = fmt::format("{}: {} (n = {})", series.name, latency ? "latency per request" : "value per record", n);
  if (kept.size() < n) out.title += fmt::format(", dots: min and max of every {} {}", (n + k_max_dots / 2 - 1) / (k_max_dots / 2),
                                                latency ? "requests" : "records");
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel " + gnuplot_quote(series.x.empty() ? (latency ? "request #" : "record #") : series.x_label));
  s.command("set ylabel " + gnuplot_quote(axis_label(series.name, du.unit)));
  // Timeouts sit at the timeout itself, often far above every answer: when they would squash
  // the answers into a flat line, the axis ends above the answers and timeouts sit on its top.
  double top_ok = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    if (flags_of(series, i).status != PointStatus::timeout && std::isfinite(values[i])) {
      top_ok = std::max(top_ok, values[i]);
    }
  }
  double timeout_max = 0;
  for (double v : to_y) timeout_max = std::max(timeout_max, v);
  const bool clip_timeouts = !to_y.empty() && top_ok > 0 && timeout_max > 2 * top_ok;
  const double y_top = top_ok * 1.08;
  const bool from_zero = latency && finite.front() >= 0;
  if (clip_timeouts) {
    s.command(fmt::format("set yrange [{}:{}]", from_zero ? 0.0 : finite.front() * du.factor, y_top));
    for (double& v : to_y) v = std::min(v, y_top);
  } else if (from_zero) {
    s.command("set yrange [0:*]");  // a latency axis starts at zero
  }
  s.command("set key top right");
  // The x range holds every request and every event (a boot before the first request).
  double x_lo = x_of(series, 0), x_hi = x_of(series, n - 1);
  for (std::size_t i = 0; i < n; ++i) {
    x_lo = std::min(x_lo, x_of(series, i));
    x_hi = std::max(x_hi, x_of(series, i));
  }
  for (const auto& e : series.events) {
    if (!std::isfinite(e.x)) continue;
    x_lo = std::min(x_lo, e.x);
    x_hi = std::max(x_hi, e.x);
  }
  if (series.x.empty()) {
    x_lo -= 0.5;
    x_hi += 0.5;
  } else {
    const double pad = x_hi > x_lo ? (x_hi - x_lo) * 0.01 : 0.5;
    x_lo -= pad;
    x_hi += pad;
  }
  std::string xrange = "set xrange [";
  append_number(xrange, x_lo);
  xrange += ":";
  append_number(xrange, x_hi);
  s.command(xrange + "]");
  if (series.x.empty() && n <= 20) s.command("set xtics 1");  // requests are whole numbers
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
  parts.push_back(fmt::format("$dots using 1:2 with {} lc rgb '{}' title '{}'",
                              few ? "linespoints pt 7 ps 0.6 lw 0.8" : "points pt 7 ps 0.35",
                              few ? colour : translucent, latency ? "each request" : "each record"));
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
        ? fmt::format("timeout ({}, up to {}: drawn at the top)", timeouts, label_value(timeout_max / du.factor, series.unit))
        : fmt::format("timeout ({})", timeouts);
    parts.push_back(fmt::format("$timeouts using 1:2 with points pt 9 ps 1.6 lc rgb '{}' title {}",
                                k_timeout_colour, gnuplot_quote(label)));
  }
  if (!latency) {
    // The trend a note may warn about (a falling free heap), as a least-squares line.
    const Trend t = trend_of(series, values);
    if (t.valid) {
      std::string line = "$dots using 1:(";
      append_number(line, t.intercept);
      line += "+";
      append_number(line, t.slope);
      line += "*$1) with lines dt 2 lw 2 lc rgb '" + std::string(k_error_colour) + "' title " +
              gnuplot_quote(fmt::format("trend {:+.4g}{} per {}", t.slope, du.unit.empty() ? "" : " " + du.unit,
                                        series.x.empty() ? "record" : "s"));
      parts.push_back(line);
    }
  }
  add_events(s, series.events, parts);
  if (warm > 0) {
    parts.push_back(fmt::format("keyentry with boxes fc rgb '{}' title 'warm-up ({})'",
                                k_warmup_colour, warm));
  }
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

}  // namespace latbench::report
