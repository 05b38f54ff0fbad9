#include <fmt/format.h>

#include <algorithm>

#include "compare/exports.hpp"
#include "compare/format.hpp"
#include "core/text_table.hpp"

namespace latbench::compare {

namespace {

using Align = TextTable::Align;

// Today's full table: every side with its interval, the test, the note beside the verdict.
TextTable full_table(const Comparison& c) {
  TextTable t({{"metric", Align::left}, {c.base_label + " (base)", Align::left}, {c.cand_label, Align::left},
               {"change", Align::left}, {"p(Holm)", Align::left}, {"test", Align::left}, {"verdict", Align::left}});
  for (const MetricComparison& r : c.rows) {
    std::string verdict = verdict_word(r.metric, r.verdict);
    if (!r.note.empty()) verdict += "  (" + r.note + ")";
    t.add_row({std::string(metric_name(r.metric)), format_side(r.base, r.unit), format_candidate(r),
               format_change(r), format_p(r.p_adjusted), r.test.empty() ? "-" : r.test, verdict});
  }
  return t;
}

// For 100 columns: the values without their intervals (the change keeps its interval: it decides
// the verdict); the test and the notes go, the notes to lines below the table.
TextTable narrow_table(const Comparison& c) {
  TextTable t({{"metric", Align::left}, {c.base_label + " (base)", Align::left}, {c.cand_label, Align::left},
               {"change", Align::left}, {"p(Holm)", Align::left}, {"verdict", Align::left}});
  for (MetricComparison r : c.rows) {
    r.base.ci.reset();
    r.cand.ci.reset();
    r.shift_ci.reset();
    t.add_row({std::string(metric_name(r.metric)), format_side(r.base, r.unit), format_candidate(r),
               format_change(r), format_p(r.p_adjusted), verdict_word(r.metric, r.verdict)});
  }
  return t;
}

}  // namespace

std::string comparison_text(const std::vector<Comparison>& comparisons, const ReportContext& ctx,
                            const TextWidth& width) {
  const std::size_t limit = width.wide ? std::string::npos : width.limit;
  std::string out;
  for (const Comparison& c : comparisons) {
    out += wrap_text(fmt::format("{} vs {} [{}]{}: {}", c.cand_label, c.base_label, method_name(c.method),
                                 c.series.empty() ? "" : ", series " + c.series, c.method_note),
                     limit);
    const TextTable full = full_table(c);
    if (width.fits(full.full_width())) {
      out += full.render(width) + "\n";
      continue;
    }
    out += narrow_table(c).render(width);
    for (const MetricComparison& r : c.rows)
      if (!r.note.empty()) out += wrap_text(fmt::format("{}: {}", metric_name(r.metric), r.note), limit);
    out += "(--wide adds the intervals of both sides and the test)\n\n";
  }
  return out + wrap_text(verdict_legend(ctx, LegendStyle::text), limit, "");
}

std::string verdict_legend(const ReportContext& ctx, LegendStyle style) {
  const bool md = style == LegendStyle::markdown;
  const std::string_view q = md ? "`" : "'";
  return fmt::format(
      "{:.0f}% intervals. A change counts (faster/slower) only when the Holm-adjusted p < {} and "
      "the whole interval lies beyond {}{}% (error rate: beyond 0 points); {}~{} = no significant "
      "change, {}?{} = not testable here.",
      ctx.confidence * 100, ctx.alpha, md ? "±" : "+-", ctx.noise_pct, q, q, q, q);
}

}  // namespace latbench::compare
