// The shape of a distribution: histogram, percentile curve (HdrHistogram's log axis), CDF and
// box plots. Several series on one plot are profiles being compared, coloured by position.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/plot_data.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_script.hpp"
#include "stats/summary.hpp"

namespace latbench::report {
namespace {

void require_values(const std::vector<PlotSeries>& series, const std::vector<std::vector<double>>& sorted) {
  if (series.empty()) throw input_error("no series to plot");
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (sorted[i].empty()) throw input_error(fmt::format("series '{}' has no values to plot", series[i].name));
  }
}

std::vector<std::vector<double>> sort_all(const std::vector<PlotSeries>& series) {
  std::vector<std::vector<double>> out;
  for (const auto& s : series) out.push_back(sorted_finite(s.values));
  return out;
}

// "total" for one series, "total: a vs b" style titles would repeat the legend; name the
// measure once (the first series' unit decides the axis).
std::string legend_title(const PlotSeries& s, std::size_t n) {
  return fmt::format("{} (n = {})", s.name, n);
}

// "total: ..." for one series; "latency ... (3 profiles)" reads better than a list of names.
std::string titled(const std::vector<PlotSeries>& series, std::string_view what) {
  if (series.size() == 1) return fmt::format("{}: {}", series.front().name, what);
  return fmt::format("{} ({} profiles)", what, series.size());
}

std::string value_axis(const std::vector<PlotSeries>& series, std::string_view unit) {
  return axis_label(series.size() == 1 ? series.front().name : "latency", unit);
}

// Tics of the 1/(1-p) axis: 0%, 50%, 90%, 99%, ... up to the decade that holds n.
std::string percentile_tics(double top) {
  std::string tics = "set xtics ('0%%' 1, '50%%' 2, '90%%' 10";
  std::string label = "99";
  for (double x = 100; x <= top * 1.0001; x *= 10) {
    tics += fmt::format(", '{}%%' {}", label, x);
    label += label.find('.') == std::string::npos ? ".9" : "9";
  }
  return tics + ")";
}

// True when a linear value axis would squash the body of the distributions into one edge and a
// log axis would not: the largest value is more than `factor` times the largest median (timeouts
// against answers) and the values span at least two decades. Data of 21-226 ms keeps a linear
// axis: on a log one it would show three tic labels over one decade.
bool needs_log_axis(const std::vector<std::vector<double>>& sorted, double factor) {
  double lowest = sorted.front().front(), highest = 0, median = 0;
  for (const auto& v : sorted) {
    lowest = std::min(lowest, v.front());
    highest = std::max(highest, v.back());
    median = std::max(median, stats::percentile_sorted(v, 0.5));
  }
  return lowest > 0 && median > 0 && highest > factor * median && highest >= 100 * lowest;
}

// `axis` (x or y) on a log scale over exactly the data (gnuplot would widen it to whole decades)
// with 1-2-5 tic labels, so every decade shows three numbers.
void log_axis(GnuplotScript& s, char axis, double lowest, double highest) {
  s.command(fmt::format("set logscale {} 10", axis));
  std::string range = fmt::format("set {}range [", axis);
  append_number(range, lowest / 1.05);
  range += ":";
  append_number(range, highest * 1.05);
  s.command(range + "]");
  std::string tics = fmt::format("set {}tics (", axis);
  bool first = true;
  for (double decade = std::pow(10.0, std::floor(std::log10(lowest / 1.05))); decade <= highest * 1.05; decade *= 10) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double tic = m * decade;
      if (tic < lowest / 1.05 || tic > highest * 1.05) continue;
      tics += first ? "" : ", ";
      append_number(tics, tic);
      first = false;
    }
  }
  if (!first) s.command(tics + ")");
  s.command(fmt::format("set m{}tics 10", axis));
}

// The display unit of several series: s when the largest median is in the thousands of ms, us
// when every value is below 1 ms (see display_unit).
DisplayUnit shared_unit(const std::vector<PlotSeries>& series, const std::vector<std::vector<double>>& sorted) {
  double median = 0, highest = 0;
  for (const auto& v : sorted) {
    median = std::max(median, stats::percentile_sorted(v, 0.5));
    highest = std::max(highest, v.back());
  }
  return display_unit(series.front().unit, median, highest);
}

double lowest_of(const std::vector<std::vector<double>>& sorted) {
  double lowest = sorted.front().front();
  for (const auto& v : sorted) lowest = std::min(lowest, v.front());
  return lowest;
}

double highest_of(const std::vector<std::vector<double>>& sorted) {
  double highest = sorted.front().back();
  for (const auto& v : sorted) highest = std::max(highest, v.back());
  return highest;
}

// `sorted` in the display unit (a factor keeps the order).
void scale_all(std::vector<std::vector<double>>& sorted, double factor) {
  if (factor == 1) return;
  for (auto& v : sorted)
    for (double& x : v) x *= factor;
}

}  // namespace

PlotScript histogram_script(const PlotSeries& series, const stats::Histogram& histogram,
                            const PlotOptions& options, std::size_t colour_index) {
  const auto sorted = sorted_finite(series.values);
  if (sorted.empty()) throw input_error(fmt::format("series '{}' has no values to plot", series.name));
  const HistogramMarks marks{sorted.size(), stats::percentile_sorted(sorted, 0.5),
                             stats::percentile_sorted(sorted, 0.99), sorted.back()};
  return histogram_script(series.name, series.unit, histogram, marks, options, colour_index);
}

PlotScript histogram_script(std::string_view name, std::string_view unit, const stats::Histogram& histogram,
                            const HistogramMarks& marks, const PlotOptions& options,
                            std::size_t colour_index) {
  if (marks.count == 0 || histogram.counts.empty()) {
    throw input_error(fmt::format("series '{}' has no values to plot", name));
  }
  if (histogram.edges.size() != histogram.counts.size() + 1) {
    throw input_error(fmt::format("series '{}': histogram has {} edges for {} bins", name,
                                  histogram.edges.size(), histogram.counts.size()));
  }
  // Drawn in the display unit (s for uploads of seconds); every number below is scaled alike.
  const DisplayUnit du = display_unit(unit, marks.median, marks.max);
  const double f = du.factor;
  std::vector<double> lo, hi, count;
  for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
    lo.push_back(histogram.edges[i] * f);
    hi.push_back(histogram.edges[i + 1] * f);
    count.push_back(static_cast<double>(histogram.counts[i]));
  }
  // Bars span exactly [edge_i, edge_i+1): unequal explicit buckets keep their widths. Every
  // bin goes to gnuplot; a far tail is only left out of the view, and the label says so.
  const std::size_t shown = visible_bins(histogram.counts, histogram.edges);
  const double width = histogram.edges[1] - histogram.edges[0];
  bool equal = true;
  for (std::size_t i = 1; i < shown; ++i) {
    const double w = histogram.edges[i + 1] - histogram.edges[i];
    equal = equal && std::abs(w - width) <= 1e-9 * std::abs(width);
  }

  PlotScript out;
  // The bins drawn, not the bins made: a far tail's empty bins are said in the label instead.
  out.title = fmt::format("{}: histogram (n = {}, {} bins{})", name, marks.count, shown,
                          equal ? fmt::format(" of {}", label_value(width, unit)) : std::string());
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel " + gnuplot_quote(axis_label(name, du.unit)));
  s.command("set ylabel 'requests'");
  s.command("set yrange [0:*]");
  // The legend above the plot, under the title: the marker lines run the full height and
  // would cross it anywhere inside.
  s.command("set key outside top center horizontal maxrows 1 noopaque nobox");
  s.command("set grid noxtics ytics");
  s.command("set style fill solid 0.85 border lc rgb '#ffffff'");
  std::string range = "set xrange [";
  append_number(range, lo.front());
  range += ":";
  append_number(range, histogram.edges[shown] * f);
  s.command(range + "]");
  std::uint64_t hidden = histogram.overflow;
  for (std::size_t i = shown; i < histogram.counts.size(); ++i) hidden += histogram.counts[i];
  std::vector<std::string> said;
  if (histogram.underflow > 0) {
    said.push_back(fmt::format("{} below {}", histogram.underflow, label_value(histogram.edges.front(), unit)));
  }
  if (hidden > 0) {
    std::string above = fmt::format("{} above {}", hidden, label_value(histogram.edges[shown], unit));
    if (marks.max > histogram.edges[shown]) above += fmt::format(" (max {})", label_value(marks.max, unit));
    said.push_back(above);
  }
  if (!said.empty()) {
    std::string text = "not drawn: " + said.front();
    if (said.size() > 1) text += ", " + said.back();
    s.command("set style textbox opaque noborder");  // readable over a bar or a marker line
    s.command("set label 1 " + gnuplot_quote(text) + " at graph 0.99, graph 0.95 right front boxed");
  }
  s.data_block("bins", {lo, hi, count});
  std::vector<std::string> parts;
  parts.push_back(fmt::format("$bins using (($1+$2)/2):3:($2-$1) with boxes lc rgb '{}' title 'requests per bin'",
                              series_colour(colour_index)));
  int arrow = 1;
  for (const auto& [value, label, dash] :
       {std::tuple{marks.median, "median", 2}, std::tuple{marks.p99, "p99", 4}}) {
    std::string command = fmt::format("set arrow {} from ", arrow++);
    append_number(command, value * f);
    command += ", graph 0 to ";
    append_number(command, value * f);
    command += fmt::format(", graph 1 nohead front dt {} lw 2 lc rgb '#222222'", dash);
    s.command(command);
    parts.push_back(fmt::format("keyentry with lines dt {} lw 2 lc rgb '#222222' title {}", dash,
                                gnuplot_quote(fmt::format("{} {}", label, label_value(value, unit)))));
  }
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

PlotScript percentile_script(const std::vector<PlotSeries>& series, const PlotOptions& options) {
  auto sorted = sort_all(series);
  require_values(series, sorted);
  const DisplayUnit du = shared_unit(series, sorted);
  scale_all(sorted, du.factor);
  std::size_t largest = 1;
  for (const auto& v : sorted) largest = std::max(largest, v.size());
  const double top = std::max(100.0, std::pow(10.0, std::ceil(std::log10(static_cast<double>(largest)))));

  PlotScript out;
  out.title = titled(series, "latency by percentile");
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set xlabel 'percentile (log scale of 1/(1-p); the last point of a curve is p = 1 - 1/n)'");
  // Timeouts at the top would flatten every curve below p99 into the floor: with a long tail
  // the value axis is logarithmic (and says so).
  const bool log_y = needs_log_axis(sorted, 10);
  s.command("set ylabel " + gnuplot_quote(value_axis(series, du.unit) + (log_y ? ", log scale" : "")));
  s.command("set logscale x 10");
  s.command(fmt::format("set xrange [1:{}]", top));
  s.command(percentile_tics(top));
  if (log_y) log_axis(s, 'y', lowest_of(sorted), highest_of(sorted));
  else s.command("set yrange [0:*]");
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Curve curve = percentile_curve(sorted[i]);
    const std::string name = fmt::format("p{}", i);
    s.data_block(name, {curve.x, curve.y});
    parts.push_back(fmt::format("${} using 1:2 with lines lw 2.5 lc rgb '{}' title {}", name,
                                series_colour(i), gnuplot_quote(legend_title(series[i], sorted[i].size()))));
  }
  if (series.size() == 1) s.command("set key off");  // a lone curve needs no legend
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

PlotScript cdf_script(const std::vector<PlotSeries>& series, const PlotOptions& options) {
  auto sorted = sort_all(series);
  require_values(series, sorted);
  const DisplayUnit du = shared_unit(series, sorted);
  scale_all(sorted, du.factor);
  PlotScript out;
  out.title = titled(series, "cumulative distribution");
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  // A long tail (timeouts, retries) would squash the body of a linear axis into one edge.
  const bool log_x = needs_log_axis(sorted, 5);
  s.command("set xlabel " + gnuplot_quote(value_axis(series, du.unit) + (log_x ? ", log scale" : "")));
  if (log_x) log_axis(s, 'x', lowest_of(sorted), highest_of(sorted));
  s.command("set ylabel 'requests at or below (%)'");
  s.command("set yrange [0:100]");
  s.command("set ytics 10");
  s.command("set key bottom right");
  if (series.size() == 1) s.command("set key off");
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Curve curve = cdf_curve(sorted[i]);
    const std::string name = fmt::format("c{}", i);
    s.data_block(name, {curve.x, curve.y});
    parts.push_back(fmt::format("${} using 1:2 with steps lw 2.5 lc rgb '{}' title {}", name,
                                series_colour(i), gnuplot_quote(legend_title(series[i], sorted[i].size()))));
  }
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

PlotScript box_script(const std::vector<PlotSeries>& series, const PlotOptions& options) {
  auto sorted = sort_all(series);
  require_values(series, sorted);
  const DisplayUnit du = shared_unit(series, sorted);
  scale_all(sorted, du.factor);
  std::vector<BoxFigures> boxes;
  double whisker_top = 0;
  for (const auto& v : sorted) {
    boxes.push_back(box_figures(v));
    whisker_top = std::max(whisker_top, boxes.back().whisker_high);
  }
  // Far outliers (timeouts) would shrink the boxes to lines: the axis ends a little above the
  // highest whisker, and what lies beyond is drawn on the top edge and counted in a label.
  double highest = 0;
  for (const auto& v : sorted) highest = std::max(highest, v.back());
  const bool clip = whisker_top > 0 && highest > 1.6 * whisker_top;
  const double y_top = clip ? whisker_top * 1.35 : highest;

  PlotScript out;
  constexpr std::string_view legend = "box p25-p75, thick line median, diamond mean, whiskers 1.5 IQR";
  out.title = series.size() == 1 ? fmt::format("{}: {}", series.front().name, legend)
                                 : fmt::format("latency by profile: {}", legend);
  GnuplotScript s(options);
  s.command("set title " + gnuplot_quote(out.title));
  s.command("set ylabel " + gnuplot_quote(value_axis(series, du.unit)));
  s.command(fmt::format("set xrange [0.4:{}]", static_cast<double>(series.size()) + 0.6));
  s.command("set key off");
  s.command("set grid noxtics ytics");
  s.command("set boxwidth 0.35 absolute");
  std::string tics = "set xtics (";
  for (std::size_t i = 0; i < series.size(); ++i) {
    tics += fmt::format("{}{} {}", i ? ", " : "",
                        gnuplot_quote_tic(fmt::format("{} (n = {})", series[i].name, sorted[i].size())), i + 1);
  }
  s.command(tics + ")");
  if (clip) {
    std::string range = "set yrange [0:";
    append_number(range, y_top);
    s.command(range + "]");
  } else {
    s.command("set yrange [0:*]");
  }
  std::vector<std::string> parts;
  int label = 1;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const BoxFigures& box = boxes[i];
    const std::vector<double> x = {static_cast<double>(i + 1)};
    const std::vector<double> p25 = {box.p25}, lo = {box.whisker_low}, hi = {box.whisker_high},
                              p75 = {box.p75}, med = {box.median}, mean = {box.mean};
    const std::string name = fmt::format("box{}", i);
    s.data_block(name, {x, p25, lo, hi, p75, med, mean});
    const auto colour = series_colour(i);
    parts.push_back(fmt::format("${} using 1:2:3:4:5 with candlesticks whiskerbars 0.5 "
                                "fs transparent solid 0.3 border lc rgb '{}' fc rgb '{}' lw 1.5 notitle", name, colour, colour));
    parts.push_back(fmt::format("${} using 1:6:6:6:6 with candlesticks lw 3.5 lc rgb '{}' notitle", name, colour));
    parts.push_back(fmt::format("${} using 1:7 with points pt 13 ps 1.4 lc rgb '#222222' notitle", name));
    std::vector<double> ox, oy;
    std::size_t above = 0;
    for (double v : box.outliers) {
      if (clip && v > y_top) {
        ++above;
        continue;
      }
      ox.push_back(static_cast<double>(i + 1));
      oy.push_back(v);
    }
    if (!ox.empty()) {
      const std::string outliers = fmt::format("out{}", i);
      s.data_block(outliers, {ox, oy});
      parts.push_back(fmt::format("${} using 1:2 with points pt 6 ps 0.6 lc rgb '{}' notitle", outliers, colour));
    }
    if (above > 0) {
      // Counted from the full (unthinned) data, not from the drawn outliers.
      const auto beyond = static_cast<std::size_t>(
          sorted[i].end() - std::upper_bound(sorted[i].begin(), sorted[i].end(), y_top));
      std::string command = fmt::format("set label {} {} at {}, graph 0.97 center front textcolor rgb '{}'",
                                        label++,
                                        gnuplot_quote(fmt::format("{} above, max {}", beyond,
                                                                  label_value(sorted[i].back(), du.unit))),
                                        i + 1, colour);
      s.command(command);
    }
  }
  s.command(plot_command(parts));
  out.text = s.text();
  return out;
}

}  // namespace latbench::report
