#include <fmt/format.h>

#include "compare/exports.hpp"
#include "compare/format.hpp"

namespace latbench::compare {
namespace {

std::string code(const std::string& s) { return "`" + markdown_cell(s) + "`"; }

}  // namespace

std::string comparison_markdown(const std::vector<Comparison>& comparisons, const ReportContext& ctx,
                                const std::vector<std::string>& charts) {
  std::string out;
  for (std::size_t i = 0; i < comparisons.size(); ++i) {
    const Comparison& c = comparisons[i];
    out += fmt::format("### {} vs {} (baseline)\n\n", code(c.cand_label), code(c.base_label));
    out += fmt::format("_{}{}: {}_\n\n", method_name(c.method),
                       c.series.empty() ? "" : ", series " + markdown_cell(c.series), markdown_cell(c.method_note));
    out += fmt::format("| metric | {} | {} | change | p (Holm) | verdict |\n", markdown_cell(c.base_label),
                       markdown_cell(c.cand_label));
    out += "|---|---:|---:|---:|---:|:---|\n";
    for (const MetricComparison& r : c.rows) {
      std::string verdict = verdict_word(r.metric, r.verdict);
      if (r.verdict == Verdict::better || r.verdict == Verdict::worse) verdict = "**" + verdict + "**";
      if (!r.note.empty()) verdict += " (" + r.note + ")";
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", metric_name(r.metric),
                         markdown_cell(format_side(r.base, r.unit)), markdown_cell(format_candidate(r)),
                         markdown_cell(format_change(r)), markdown_cell(format_p(r.p_adjusted)), markdown_cell(verdict));
    }
    out += "\n";
    if (i < charts.size() && !charts[i].empty()) out += charts[i] + "\n";
  }
  return out + verdict_legend(ctx, LegendStyle::markdown) + "\n";
}

}  // namespace latbench::compare
