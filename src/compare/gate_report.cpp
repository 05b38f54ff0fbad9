#include "compare/gate_report.hpp"

#include <fmt/format.h>

#include <vector>

#include "compare/format.hpp"
#include "core/text_table.hpp"

namespace latbench::compare {
namespace {

// The verdict in a word (the Markdown heading) and with its reason (the line under each table).
std::string outcome_word(const GateReportContext& ctx) {
  switch (ctx.exit_code) {
    case 0: return "pass";
    case 1: return "FAIL";
    case 4: return "undecided";
  }
  return fmt::format("exit {}", ctx.exit_code);
}

std::string outcome_line(const GateReportContext& ctx) {
  switch (ctx.exit_code) {
    case 1: return "gate: FAIL (a metric is significantly worse than its budget)";
    case 4: return "gate: undecided (not enough data to decide; exit 4)";
  }
  return "gate: " + outcome_word(ctx);
}

struct Cells {
  std::string check, base, cand, change, p, status, detail;
};

Cells cells(const GateCheck& c) {
  Cells out;
  out.check = c.item.text;
  out.base = c.base ? format_value(*c.base, c.unit) : "-";
  out.cand = c.cand ? format_value(*c.cand, c.unit) : "-";
  if (c.change) {
    out.change = c.change_unit == "ms" ? (*c.change >= 0 ? "+" : "") + format_value(*c.change, "ms")
                                       : fmt::format("{:+.2f}{}", *c.change, c.change_unit);
  } else {
    out.change = "-";
  }
  out.p = format_p(c.p_adjusted);
  out.status = std::string(status_word(c.status));
  out.detail = c.detail + (c.test.empty() ? "" : " [" + c.test + "]");
  return out;
}

// The columns every check has; the why (often a sentence) is the last one when the table fits,
// else it goes to lines under the table, as compare's notes do.
TextTable gate_table(const GateResult& result, const GateReportContext& ctx, bool with_why) {
  using Align = TextTable::Align;
  std::vector<TextTable::Column> columns{{"check", Align::left},
                                         {ctx.base_label.empty() ? "baseline" : ctx.base_label + " (base)", Align::left},
                                         {ctx.cand_label, Align::left},
                                         {"change", Align::left},
                                         {"p(Holm)", Align::left},
                                         {"status", Align::left}};
  if (with_why) columns.push_back({"why", Align::left});
  TextTable t(std::move(columns));
  for (const GateCheck& c : result.checks) {
    const Cells x = cells(c);
    std::vector<std::string> row{x.check, x.base, x.cand, x.change, x.p, x.status};
    if (with_why) row.push_back(x.detail);
    t.add_row(std::move(row));
  }
  return t;
}

}  // namespace

std::string gate_text(const GateResult& result, const GateReportContext& ctx) {
  const TextWidth width;
  std::string out = wrap_text(fmt::format("gate [{}], one-sided alpha {} (Holm):", result.method_note, ctx.alpha),
                              width.limit);
  const TextTable full = gate_table(result, ctx, true);
  if (width.fits(full.full_width())) return out + full.render(width) + outcome_line(ctx) + "\n";
  out += gate_table(result, ctx, false).render(width);
  for (const GateCheck& c : result.checks) out += wrap_text(fmt::format("{}: {}", c.item.text, cells(c).detail), width.limit);
  return out + outcome_line(ctx) + "\n";
}

std::string gate_markdown(const GateResult& result, const GateReportContext& ctx) {
  std::string out = fmt::format("### latbench gate: {}\n\n", outcome_word(ctx));
  out += fmt::format("_{}; one-sided tests at alpha {} (Holm-adjusted p shown)_\n\n",
                     markdown_cell(result.method_note), ctx.alpha);
  out += fmt::format("| check | {} | {} | change | p (Holm) | status | why |\n",
                     markdown_cell(ctx.base_label.empty() ? "baseline" : ctx.base_label), markdown_cell(ctx.cand_label));
  out += "|---|---:|---:|---:|---:|:---:|:---|\n";
  for (const GateCheck& c : result.checks) {
    Cells x = cells(c);
    if (c.status == CheckStatus::fail) x.status = "**FAIL**";
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", markdown_cell(x.check), markdown_cell(x.base),
                       markdown_cell(x.cand), markdown_cell(x.change), markdown_cell(x.p), x.status, markdown_cell(x.detail));
  }
  return out + "\n" + outcome_line(ctx) + "\n";
}

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (u < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') break;  // not allowed in XML 1.0
        out += ch;
    }
  }
  return out;
}

std::string gate_junit(const GateResult& result, const GateReportContext& ctx) {
  std::size_t failures = 0, skipped = 0;
  for (const GateCheck& c : result.checks) {
    failures += c.status == CheckStatus::fail;
    skipped += c.status == CheckStatus::undecided;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"latbench gate\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
                     result.checks.size(), failures, skipped);
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" errors=\"0\">\n",
                     xml_escape("latbench gate " + ctx.cand_label), result.checks.size(), failures, skipped);
  for (const GateCheck& c : result.checks) {
    const Cells x = cells(c);
    const std::string message = fmt::format("{}: baseline {}, candidate {}, change {}, p(Holm) {}: {}",
                                            x.check, x.base, x.cand, x.change, x.p, x.detail);
    out += fmt::format("    <testcase classname=\"latbench.gate\" name=\"{}\">", xml_escape(c.item.text));
    if (c.status == CheckStatus::fail)
      out += fmt::format("\n      <failure message=\"{}\">{}</failure>\n    ", xml_escape(message), xml_escape(message));
    else if (c.status == CheckStatus::undecided)
      out += fmt::format("\n      <skipped message=\"{}\"/>\n    ", xml_escape(message));
    else
      out += fmt::format("\n      <system-out>{}</system-out>\n    ", xml_escape(message));
    out += "</testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace latbench::compare
