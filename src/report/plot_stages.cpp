// Where the time goes inside each request: stages stacked per request, and the mean share of
// each stage of the total underneath.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/plot_data.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_script.hpp"

namespace latbench::report {
namespace {

// More bars than this would be thinner than a few pixels at 1200 px: average groups instead.
constexpr std::size_t k_max_bars = 300;
// Up to this many bars each is labelled with its request id; beyond, the labels would overlap.
constexpr std::size_t k_max_id_labels = 40;

// Tics on whole request numbers: gnuplot's own would fall on -0.5, 0.5, ... for a few bars.
std::string request_tics(std::size_t n, std::size_t group, const std::vector<std::string>& ids) {
  if (group == 1 && !ids.empty() && n <= k_max_id_labels) {
    std::string tics = "set xtics (";
    for (std::size_t i = 0; i < n; ++i) tics += fmt::format("{}{} {}", i ? ", " : "", gnuplot_quote_tic(ids[i]), i);
    return tics + ")";
  }
  std::string step;
  append_number(step, std::max(1.0, nice_step(static_cast<double>(n), 10)));
  return "set xtics " + step;
}

}  // namespace

PlotScript stages_script(const std::vector<PlotSeries>& stages, const PlotOptions& options,
                         const std::vector<std::string>& ids) {
  if (stages.empty()) throw input_error("no stages to plot");
  const std::size_t n = stages.front().values.size();
  if (!ids.empty() && ids.size() != n) {
    throw input_error(fmt::format("stages have {} requests but {} request ids", n, ids.size()));
  }
  for (const auto& stage : stages) {
    if (stage.values.size() != n) {
      throw input_error(fmt::format("stage '{}' has {} values but '{}' has {}: stages must be one "
                                    "row per request", stage.name, stage.values.size(), stages.front().name, n));
    }
  }
  if (n == 0) throw input_error(fmt::format("stage '{}' has no values to plot", stages.front().name));

  // Negative durations (clock skew between machines) cannot be stacked: drawn as 0, and said.
  std::size_t negatives = 0;
  std::vector<std::vector<double>> clamped;
  for (const auto& stage : stages) {
    std::vector<double> v = stage.values;
    for (double& d : v) {
      if (d < 0) {
        d = 0;
        ++negatives;
      }
    }
    clamped.push_back(std::move(v));
  }

  const std::size_t group = n > k_max_bars ? (n + k_max_bars - 1) / k_max_bars : 1;
  std::vector<double> x;
  for (std::size_t start = 0; start < n; start += group) {
    x.push_back(static_cast<double>(start) + static_cast<double>(std::min(group, n - start) - 1) / 2);
  }
  // Column k+1 of the block is the top of stage k: the sum of stages 0..k (missing counts as 0).
  std::vector<std::vector<double>> tops;
  std::vector<double> running(x.size(), 0.0);
  std::vector<double> means;
  for (const auto& v : clamped) {
    const std::vector<double> g = group_means(v, group);
    for (std::size_t i = 0; i < g.size(); ++i) running[i] += std::isfinite(g[i]) ? g[i] : 0.0;
    tops.push_back(running);
    const std::vector<double> all = group_means(v, n);
    means.push_back(std::isfinite(all.front()) ? all.front() : 0.0);
  }
  double total_mean = 0;
  for (double m : means) total_mean += m;

  PlotScript out;
  out.title = fmt::format("stages per request (n = {}, mean total {})", n, label_value(total_mean, stages.front().unit));
  if (group > 1) out.title += fmt::format(", each bar the mean of {} requests", group);
  if (negatives > 0) out.title += fmt::format(", {} negative values drawn as 0", negatives);

  GnuplotScript s(options);
  std::vector<std::span<const double>> columns = {x};
  for (const auto& t : tops) columns.emplace_back(t);
  s.data_block("st", columns);
  s.command("set multiplot title " + gnuplot_quote(out.title));
  s.command("set lmargin at screen 0.08");
  s.command("set rmargin at screen 0.80");  // the legend sits right of the bars
  s.command("set tmargin at screen 0.92");
  s.command("set bmargin at screen 0.36");
  const bool id_labels = group == 1 && !ids.empty() && n <= k_max_id_labels;
  s.command(id_labels ? "set xlabel 'request id'" : "set xlabel 'request #'");
  s.command(request_tics(n, group, ids));
  // Long ids (uuids) stand at an angle so neighbours do not overlap.
  std::size_t longest = 0;
  for (const auto& id : ids) longest = std::max(longest, id.size());
  if (id_labels && longest * n > 120) s.command("set xtics rotate by -30 left");
  s.command("set ylabel " + gnuplot_quote(axis_label("time", stages.front().unit)));
  s.command("set yrange [0:*]");
  s.command("set grid noxtics ytics");
  s.command(fmt::format("set boxwidth {}", 0.85 * static_cast<double>(group)));
  s.command("set key outside right top vertical invert noopaque nobox");
  s.command(fmt::format("set xrange [{}:{}]", -0.5 * static_cast<double>(group),
                        x.back() + 0.5 * static_cast<double>(group)));
  // Tallest (cumulative) first so each shorter stack is drawn over it; `key invert` lists the
  // stages in their own order.
  std::vector<std::string> parts;
  for (std::size_t k = stages.size(); k-- > 0;) {
    parts.push_back(fmt::format("$st using 1:{} with boxes lc rgb '{}' title {}", k + 2, series_colour(k),
                                gnuplot_quote(stages[k].name)));
  }
  s.command(plot_command(parts));

  // Bottom: one horizontal bar, 0-100%, cut into the stages' mean shares.
  std::vector<double> lo, hi;
  double cumulative = 0;
  for (double m : means) {
    const double share = total_mean > 0 ? 100.0 * m / total_mean : 0.0;
    lo.push_back(cumulative);
    cumulative += share;
    hi.push_back(cumulative);
  }
  s.data_block("share", {lo, hi});
  s.command("set tmargin at screen 0.27");
  s.command("set bmargin at screen 0.10");
  s.command("set xrange [0:100]");
  s.command("set yrange [-0.6:0.6]");
  s.command("unset ytics");
  s.command("set ylabel 'mean'");
  s.command("set xtics 10 norotate");
  s.command("set xlabel 'share of the mean total (%)'");
  s.command("set grid xtics noytics");
  s.command("set key off");
  int label = 1;
  for (std::size_t k = 0; k < means.size(); ++k) {
    const double width = hi[k] - lo[k];
    if (width < 4) continue;  // too narrow to hold its number: the legend names it
    // Wide segments carry the stage's name too; narrow ones only the number.
    const std::string text = width >= 15 ? fmt::format("{} {:.0f}%", stages[k].name, width)
                                         : fmt::format("{:.0f}%", width);
    std::string command = fmt::format("set label {} {} at ", label++, gnuplot_quote(text));
    append_number(command, (lo[k] + hi[k]) / 2);
    command += ", 0 center front textcolor rgb '#ffffff'";
    s.command(command);
  }
  parts.clear();
  for (std::size_t k = 0; k < means.size(); ++k) {
    parts.push_back(fmt::format("$share every ::{}::{} using (($1+$2)/2):(0):1:2:(-0.4):(0.4) "
                                "with boxxyerror fs solid 1.0 noborder lc rgb '{}' notitle", k, k, series_colour(k)));
  }
  s.command(plot_command(parts));
  s.command("unset multiplot");
  out.text = s.text();
  return out;
}

}  // namespace latbench::report
