#include "report/mermaid_distributions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "report/plot_script.hpp"
#include "stats/summary.hpp"

namespace latbench::report {
namespace {

struct Side {
  std::vector<double> sorted;
  std::vector<std::uint64_t> counts;
  std::uint64_t beyond = 0;  // above the last edge: not drawn
};

Side sorted_side(const PlotSeries& s) {
  Side side;
  side.sorted = s.values;
  std::erase_if(side.sorted, [](double v) { return !std::isfinite(v); });
  std::sort(side.sorted.begin(), side.sorted.end());
  return side;
}

// "12.5" for a share in %: one decimal, no trailing ".0" noise of its own.
std::string share_text(std::uint64_t count, std::size_t n) {
  const double pct = 100.0 * static_cast<double>(count) / static_cast<double>(n);
  std::string text = fmt::format("{:.1f}", pct);
  if (text.ends_with(".0")) text.resize(text.size() - 2);
  return text;
}

}  // namespace

std::string mermaid_distributions(std::string_view what, const PlotSeries& base, const PlotSeries& cand,
                                  std::size_t max_bars) {
  if (base.unit != cand.unit) return {};
  Side sides[2] = {sorted_side(base), sorted_side(cand)};
  if (sides[0].sorted.empty() || sides[1].sorted.empty()) return {};
  max_bars = std::max<std::size_t>(max_bars, 1);
  const double lo = std::min(sides[0].sorted.front(), sides[1].sorted.front());
  const double largest = std::max(sides[0].sorted.back(), sides[1].sorted.back());
  double top = std::max(stats::percentile_sorted(sides[0].sorted, 0.99),
                        stats::percentile_sorted(sides[1].sorted, 0.99));
  if (largest <= 1.5 * top) top = largest;
  // Whole multiples of a 1-2-5 width, so every edge prints short; the first edge at or below
  // the smallest value can cost one bar, and a wider step then takes it back.
  double width = nice_step(top - lo, static_cast<int>(max_bars));
  if (!(top > lo)) width = lo > 0 ? nice_step(lo, 10) : 1;
  auto first_k = [&] { return std::floor(lo / width); };
  auto bins_for = [&] {
    return static_cast<std::size_t>(std::max(1.0, std::ceil(top / width - first_k())));
  };
  while (bins_for() > max_bars) width = nice_step(width * 1.5, 1);
  const double k0 = first_k();
  const std::size_t bins = bins_for();
  std::vector<double> edges(bins + 1);
  for (std::size_t i = 0; i <= bins; ++i) edges[i] = (k0 + static_cast<double>(i)) * width;
  for (Side& side : sides) {
    side.counts.assign(bins, 0);
    for (double v : side.sorted) {
      if (v > edges.back()) {
        ++side.beyond;
        continue;
      }
      // Bins are [edge_i, edge_i+1), the last one closed on the right, as the statistics' are.
      const auto above = std::upper_bound(edges.begin(), edges.end(), v) - edges.begin();
      ++side.counts[std::clamp<std::size_t>(static_cast<std::size_t>(std::max<std::ptrdiff_t>(above - 1, 0)), 0, bins - 1)];
    }
  }
  const double typical = std::max(stats::percentile_sorted(sides[0].sorted, 0.5),
                                  stats::percentile_sorted(sides[1].sorted, 0.5));
  const DisplayUnit shown = display_unit(base.unit, typical, edges.back());
  const double shown_width = width * shown.factor;
  std::string categories, bar, line;
  double top_share = 0;
  for (std::size_t i = 0; i < bins; ++i) {
    categories += fmt::format("{}\"{}-{}\"", i ? ", " : "", round_number(edges[i] * shown.factor, shown_width),
                              round_number(edges[i + 1] * shown.factor, shown_width));
    bar += (i ? ", " : "") + share_text(sides[0].counts[i], sides[0].sorted.size());
    line += (i ? ", " : "") + share_text(sides[1].counts[i], sides[1].sorted.size());
    for (const Side& side : sides) {
      top_share = std::max(top_share, 100.0 * static_cast<double>(side.counts[i]) / static_cast<double>(side.sorted.size()));
    }
  }
  std::string title = fmt::format("{}: bars {} (baseline, n = {}), line {} (n = {})", what, base.name,
                                  sides[0].sorted.size(), cand.name, sides[1].sorted.size());
  if (sides[0].beyond + sides[1].beyond > 0) {
    title += fmt::format("; above {} {} not shown: {}% and {}%", round_number(edges.back() * shown.factor, shown_width),
                         shown.unit,
                         share_text(sides[0].beyond, sides[0].sorted.size()),
                         share_text(sides[1].beyond, sides[1].sorted.size()));
  }
  // The y axis to the next multiple of 10 %, so the two sides read on one scale.
  const int y_top = std::min(100, std::max(10, static_cast<int>(std::ceil(top_share / 10.0)) * 10));
  std::string out = "```mermaid\nxychart-beta\n";
  out += fmt::format("    title \"{}\"\n", mermaid_text(title));
  out += fmt::format("    x-axis \"{}\" [{}]\n", mermaid_text(axis_label(what, shown.unit)), categories);
  out += fmt::format("    y-axis \"% of requests\" 0 --> {}\n", y_top);
  out += fmt::format("    bar [{}]\n", bar);
  out += fmt::format("    line [{}]\n", line);
  out += "```\n";
  return out;
}

}  // namespace latbench::report
