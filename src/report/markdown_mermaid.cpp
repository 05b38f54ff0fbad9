#include "report/markdown_mermaid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/plot_data.hpp"
#include "report/plot_script.hpp"

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

std::string mermaid_histogram(const stats::Summary& summary) {
  const auto& h = summary.histogram;
  if (h.counts.empty() || h.edges.size() != h.counts.size() + 1) return {};
  // A far tail of empty bins (timeouts) would make the chart unreadable: the chart shows the body,
  // bin for bin as in the JSON export, and the title counts what it leaves out.
  const std::size_t shown = visible_bins(h.counts, h.edges);
  std::uint64_t hidden = 0;
  for (std::size_t i = shown; i < h.counts.size(); ++i) hidden += h.counts[i];
  std::string categories, bars;
  std::uint64_t top = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    // Edges in shortest round-trip form, as the JSON export writes them.
    categories += fmt::format("{}\"{}-{}\"", i ? ", " : "", h.edges[i], h.edges[i + 1]);
    bars += fmt::format("{}{}", i ? ", " : "", h.counts[i]);
    top = std::max(top, h.counts[i]);
  }
  std::string title = fmt::format("{}: histogram (n = {})", summary.name, summary.all.count);
  if (h.underflow + h.overflow > 0) {
    title += fmt::format(", not shown: {} below, {} above", h.underflow, h.overflow);
  }
  if (shown < h.counts.size()) {
    title += fmt::format(", {} in the tail above {} not shown", hidden,
                         label_value(h.edges[shown], summary.unit));
  }
  std::string out = "```mermaid\nxychart-beta\n";
  out += fmt::format("    title \"{}\"\n", mermaid_text(title));
  out += fmt::format("    x-axis \"{}\" [{}]\n", mermaid_text(axis_label(summary.name, summary.unit)), categories);
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
