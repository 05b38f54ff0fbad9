#include "report/markdown_mermaid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/plot_data.hpp"
#include "report/plot_script.hpp"
#include "report/sparkline.hpp"

namespace latbench::report {

std::string mermaid_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) out.push_back(' ');
    else if (c == '"') out += "#quot;";
    else if (c == '#') out += "#35;";
    else if (c == '<') out += "#lt;";
    else if (c == '>') out += "#gt;";
    else if (c == '`') out += "'";  // a backtick opens Mermaid's markdown strings
    else out.push_back(c);
  }
  return out;
}

std::string markdown_number(double value) {
  if (!std::isfinite(value)) return "-";
  std::string text = fmt::format("{:.3f}", value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

std::string mermaid_histogram(const stats::Summary& summary, std::size_t max_bars) {
  const auto& h = summary.histogram;
  if (h.counts.empty() || h.edges.size() != h.counts.size() + 1) return {};
  // A far tail of empty bins (timeouts) would make the chart unreadable: the chart shows the body
  // and the title counts what it leaves out.
  const std::size_t shown = visible_bins(h.counts, h.edges);
  std::uint64_t hidden = 0;
  for (std::size_t i = shown; i < h.counts.size(); ++i) hidden += h.counts[i];
  stats::Histogram body;
  body.edges.assign(h.edges.begin(), h.edges.begin() + static_cast<std::ptrdiff_t>(shown) + 1);
  body.counts.assign(h.counts.begin(), h.counts.begin() + static_cast<std::ptrdiff_t>(shown));
  // 100+ bars are unreadable at Mermaid's size: consecutive bins are summed, so every bar is
  // still a bin the statistics could have made (its edges are the JSON export's).
  const MergedBins bars_of = merge_bins(body, std::max<std::size_t>(max_bars, 1));
  const DisplayUnit shown_unit = display_unit(summary.unit, summary.all.percentiles.p50, bars_of.edges.back());
  std::string categories, bars;
  std::uint64_t top = 0;
  for (std::size_t i = 0; i < bars_of.counts.size(); ++i) {
    const double lo = bars_of.edges[i] * shown_unit.factor, hi = bars_of.edges[i + 1] * shown_unit.factor;
    // Edges to the precision of the bin's width: 0.030000000000000002 is 0.03.
    categories += fmt::format("{}\"{}-{}\"", i ? ", " : "", round_number(lo, hi - lo), round_number(hi, hi - lo));
    bars += fmt::format("{}{}", i ? ", " : "", bars_of.counts[i]);
    top = std::max(top, bars_of.counts[i]);
  }
  std::string title = fmt::format("{}: histogram (n = {})", summary.name, summary.all.count);
  if (bars_of.counts.size() < shown) {
    title += fmt::format(", {} bins summed {} per bar", shown,
                         (shown + max_bars - 1) / max_bars);
  }
  if (h.underflow + h.overflow > 0) {
    title += fmt::format(", not shown: {} below, {} above", h.underflow, h.overflow);
  }
  if (shown < h.counts.size()) {
    title += fmt::format(", {} in the tail above {} not shown", hidden,
                         label_value(h.edges[shown], summary.unit));
  }
  std::string out = "```mermaid\nxychart-beta\n";
  out += fmt::format("    title \"{}\"\n", mermaid_text(title));
  out += fmt::format("    x-axis \"{}\" [{}]\n", mermaid_text(axis_label(summary.name, shown_unit.unit)), categories);
  out += fmt::format("    y-axis \"requests\" 0 --> {}\n", std::max<std::uint64_t>(top, 1));
  out += fmt::format("    bar [{}]\n", bars);
  out += "```\n";
  return out;
}

std::string mermaid_per_request(const PlotSeries& series, std::size_t max_points) {
  const std::size_t n = series.values.size();
  if (n == 0) return {};
  const std::size_t group = n > max_points ? (n + max_points - 1) / max_points : 1;
  const std::vector<double> points = group_means(series.values, group);
  std::string line;
  std::size_t gaps = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    // Mermaid has no "missing" value: a point with no number is drawn at 0 and the title says so.
    if (!std::isfinite(points[i])) ++gaps;
    line += (i ? ", " : "") + (std::isfinite(points[i]) ? markdown_number(points[i]) : std::string("0"));
  }
  std::string title = fmt::format("{} per request (n = {})", series.name, n);
  if (group > 1) title += fmt::format(", mean of every {} requests", group);
  if (gaps > 0) title += fmt::format(", {} missing drawn at 0", gaps);
  std::string out = "```mermaid\nxychart-beta\n";
  out += fmt::format("    title \"{}\"\n", mermaid_text(title));
  out += fmt::format("    x-axis \"request #\" 0 --> {}\n", n - 1);
  out += fmt::format("    y-axis \"{}\"\n", mermaid_text(axis_label(series.name, series.unit)));
  out += fmt::format("    line [{}]\n", line);
  out += "```\n";
  return out;
}

}  // namespace latbench::report
