#include <fmt/format.h>

#include "compare/exports.hpp"
#include "compare/format.hpp"

namespace latbench::compare {
namespace {

// A table cell: pipes would end the cell and line breaks the row.
std::string cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') out += "\\|";
    else if (ch == '\n' || ch == '\r') out += ' ';
    else out += ch;
  }
  return out;
}

std::string code(const std::string& s) { return "`" + cell(s) + "`"; }

}  // namespace

std::string comparison_markdown(const std::vector<Comparison>& comparisons, const ReportContext& ctx) {
  std::string out;
  for (const Comparison& c : comparisons) {
    out += fmt::format("### {} vs {} (baseline)\n\n", code(c.cand_label), code(c.base_label));
    out += fmt::format("_{}: {}_\n\n", method_name(c.method), cell(c.method_note));
    out += fmt::format("| metric | {} | {} | change | p (Holm) | verdict |\n", cell(c.base_label),
                       cell(c.cand_label));
    out += "|---|---:|---:|---:|---:|:---|\n";
    for (const MetricComparison& r : c.rows) {
      std::string verdict = verdict_word(r.metric, r.verdict);
      if (r.verdict == Verdict::better || r.verdict == Verdict::worse) verdict = "**" + verdict + "**";
      if (!r.note.empty()) verdict += " (" + r.note + ")";
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", metric_name(r.metric),
                         cell(format_side(r.base, r.unit)), cell(format_side(r.cand, r.unit)),
                         cell(format_change(r)), cell(format_p(r.p_adjusted)), cell(verdict));
    }
    out += "\n";
  }
  out += fmt::format(
      "{:.0f}% intervals; a change counts only when the Holm-adjusted p < {} and the whole "
      "interval lies beyond ±{}% (error rate: beyond 0 points). `~` no significant change, "
      "`?` not testable.\n",
      ctx.confidence * 100, ctx.alpha, ctx.noise_pct);
  return out;
}

}  // namespace latbench::compare
