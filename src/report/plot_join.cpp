// Device against server per request, after a join: the picture that answers "is it the network
// or the server?". The gap between the two lines is the network and client overhead.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/plot_data.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_script.hpp"

namespace latbench::report {
namespace {

// Beyond this many requests the lines are drawn through means of consecutive groups; a line
// through 100 000 raw points is a solid block of ink.
constexpr std::size_t k_max_points = 2000;

}  // namespace

PlotScript device_server_script(const PlotSeries& device, const PlotSeries& server,
                                const PlotOptions& options) {
  const std::size_t n = device.values.size();
  if (server.values.size() != n) {
    throw input_error(fmt::format("device series '{}' has {} values but server series '{}' has {}: "
                                  "join them first", device.name, n, server.name, server.values.size()));
  }
  std::vector<double> overhead(n);
  double sum = 0, device_sum = 0;
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < n; ++i) {
    overhead[i] = device.values[i] - server.values[i];  // NaN when either is missing
    if (!std::isfinite(overhead[i])) continue;
    sum += overhead[i];
    device_sum += device.values[i];
    ++pairs;
  }
  if (pairs == 0) {
    throw input_error(fmt::format("'{}' and '{}' have no request with both values", device.name, server.name));
  }
  const double mean_overhead = sum / static_cast<double>(pairs);
  const double share = device_sum != 0 ? 100.0 * sum / device_sum : 0.0;

  const std::size_t group = n > k_max_points ? (n + k_max_points - 1) / k_max_points : 1;
  std::vector<double> x;
  for (std::size_t start = 0; start < n; start += group) {
    x.push_back(static_cast<double>(start) + static_cast<double>(std::min(group, n - start) - 1) / 2);
  }
  // Only joined requests are drawn: a request without a server record (a timeout, a refused
  // connection) belongs on the timeline, not here, where it would dwarf every joined one.
  std::vector<double> joined(n);
  for (std::size_t i = 0; i < n; ++i) joined[i] = std::isfinite(overhead[i]) ? device.values[i] : overhead[i];
  std::vector<double> dev = group_means(joined, group);
  std::vector<double> srv = group_means(server.values, group);
  std::vector<double> ovh = group_means(overhead, group);
  // Drawn in the display unit of the device's times (s for an ESP32's uploads of seconds).
  const std::vector<double> sorted_device = sorted_finite(joined);
  const DisplayUnit du = display_unit(device.unit, sorted_device[sorted_device.size() / 2], sorted_device.back());
  for (auto* column : {&dev, &srv, &ovh})
    for (double& v : *column) v *= du.factor;

  PlotScript out;
  out.title = fmt::format("{} vs {} per request: mean overhead {} = {:.1f}% of device time (n = {} joined)",
                          device.name, server.name, label_value(mean_overhead, device.unit), share, pairs);
  if (group > 1) out.title += fmt::format(", means of every {} requests", group);
  const std::string unit = du.unit;
  const bool few = x.size() <= 300;

  GnuplotScript s(options);
  s.data_block("ds", {x, dev, srv, ovh});
  s.command("set multiplot title " + gnuplot_quote(out.title));
  s.command("set lmargin at screen 0.08");
  s.command("set rmargin at screen 0.97");
  // Top: the two lines and the gap between them.
  s.command("set tmargin at screen 0.87");
  s.command("set bmargin at screen 0.36");
  s.command("set format x ''");
  s.command("set xlabel ''");
  s.command("set ylabel " + gnuplot_quote(axis_label("time per request", unit)));
  s.command("set yrange [0:*]");
  s.command(fmt::format("set xrange [{}:{}]", x.front() - 0.5 * static_cast<double>(group),
                        x.back() + 0.5 * static_cast<double>(group)));
  // The legend sits between the title and the plot, so it hides no request.
  s.command("set key at screen 0.5, 0.905 center center horizontal maxrows 1 nobox noopaque width 1");
  const std::string device_colour(series_colour(0));
  const std::string server_colour(series_colour(2));
  const std::string gap_colour(series_colour(3));
  // Stacked areas: the server's time from zero, the overhead on top of it up to the device's
  // time, so the share of each is visible at a glance even when the lines are jagged.
  s.command(plot_command({
      fmt::format("$ds using 1:3 with filledcurves x1 fs solid 0.55 lc rgb '{}' title {}", server_colour,
                  gnuplot_quote(server.name)),
      fmt::format("$ds using 1:2:3 with filledcurves fs solid 0.55 lc rgb '{}' "
                  "title 'network + overhead (device - server)'", gap_colour),
      fmt::format("$ds using 1:2 with lines lw 1.2 lc rgb '{}' title {}", device_colour,
                  gnuplot_quote(device.name)),
  }));
  // Bottom: the overhead itself, with its mean.
  double lo = 0, hi = 0;
  for (double v : ovh) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  s.command("set tmargin at screen 0.33");
  s.command("set bmargin at screen 0.08");
  s.command("set format x '%g'");
  s.command("set xlabel 'request #'");
  s.command("set ylabel " + gnuplot_quote(axis_label("overhead", unit)));
  s.command("set yrange [*:*]");
  std::string tics = "set ytics ";
  append_number(tics, nice_step(hi - lo, 4));  // a short panel: few tics
  s.command(tics);
  s.command("set key default");
  s.command("set key inside top right horizontal opaque box lc rgb '#cccccc'");
  std::string mean_line = "$ds using 1:(";
  append_number(mean_line, mean_overhead * du.factor);
  mean_line += ") with lines dt 2 lw 2 lc rgb '#222222' title " +
               gnuplot_quote(fmt::format("mean {}", label_value(mean_overhead, device.unit)));
  s.command(plot_command({
      fmt::format("$ds using 1:4 with {} lw 1.5 lc rgb '{}' title 'device - server'",
                  few ? "impulses" : "lines", gap_colour),
      mean_line,
  }));
  s.command("unset multiplot");
  out.text = s.text();
  return out;
}

}  // namespace latbench::report
