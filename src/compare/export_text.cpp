#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "compare/exports.hpp"
#include "compare/format.hpp"
#include "core/error.hpp"

namespace latbench::compare {

std::string comparison_text(const std::vector<Comparison>& comparisons, const ReportContext& ctx) {
  std::string out;
  for (const Comparison& c : comparisons) {
    std::vector<std::vector<std::string>> cells;
    cells.push_back({"metric", c.base_label + " (base)", c.cand_label, "change", "p(Holm)", "test", "verdict"});
    for (const MetricComparison& r : c.rows) {
      std::string verdict = verdict_word(r.metric, r.verdict);
      if (!r.note.empty()) verdict += "  (" + r.note + ")";
      cells.push_back({std::string(metric_name(r.metric)), format_side(r.base, r.unit),
                       format_candidate(r), format_change(r), format_p(r.p_adjusted),
                       r.test.empty() ? "-" : r.test, verdict});
    }
    std::vector<std::size_t> width(cells[0].size(), 0);
    for (const auto& row : cells)
      for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    out += fmt::format("{} vs {} [{}]{}: {}\n", c.cand_label, c.base_label, method_name(c.method),
                       c.series.empty() ? "" : ", series " + c.series, c.method_note);
    for (const auto& row : cells) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i)
        line += i + 1 < row.size() ? fmt::format("{:<{}}  ", row[i], width[i]) : row[i];
      out += line + "\n";
    }
    out += "\n";
  }
  out += fmt::format(
      "{:.0f}% intervals. A change counts (faster/slower) only when the Holm-adjusted p < {} and "
      "the whole interval lies beyond +-{}% (error rate: beyond 0 points); '~' = no significant "
      "change, '?' = not testable here.\n",
      ctx.confidence * 100, ctx.alpha, ctx.noise_pct);
  return out;
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw input_error(fmt::format("{}: cannot open for writing", path.string()));
  out << text;
  out.flush();
  if (!out) throw input_error(fmt::format("{}: write failed", path.string()));
}

}  // namespace latbench::compare
