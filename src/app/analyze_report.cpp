#include "app/analyze_report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/duration.hpp"
#include "core/text.hpp"
#include "core/text_table.hpp"
#include "report/json_export.hpp"
#include "stats/streaming_summary.hpp"

namespace latbench::app {
using namespace logs;  // the stages analyze composes
namespace {

std::string value_text(double v, const std::string& unit) {
  if (unit == "ms") return format_ms(v);
  return unit.empty() ? fmt::format("{:.6g}", v) : fmt::format("{:.6g} {}", v, unit);
}

std::string skipped_text(const SkipCounts& s) {
  std::string reasons;
  for (const auto& [reason, n] : s.reasons) reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", reason, n);
  std::string lines;
  for (auto l : s.first_lines) lines += fmt::format("{}{}", lines.empty() ? "" : ", ", l);
  return fmt::format("{} ({}; first at line{} {})", s.lines, reasons, s.first_lines.size() > 1 ? "s" : "", lines);
}

// A details cell: durations with adaptive units, other units bare (the label carries the unit:
// "185276 bytes" in every cell made the table 177 columns wide).
std::string cell_text(double v, const std::string& unit) {
  return unit == "ms" ? format_ms(v) : fmt::format("{:.6g}", v);
}

std::string series_label(const stats::Summary& s) {
  return s.unit.empty() || s.unit == "ms" ? s.name : fmt::format("{} ({})", s.name, s.unit);
}

// "--wide also shows: Tukey lo/hi, ..." under a table that left columns out.
std::string hidden_note(const TextTable& table, const TextWidth& width) {
  const auto hidden = table.hidden_headers(width);
  if (hidden.empty()) return {};
  std::string names;
  for (const auto& h : hidden) names += (names.empty() ? "" : ", ") + h;
  return wrap_text(fmt::format("(--wide adds: {})", names), width.wide ? std::string::npos : width.limit);
}

std::string mode_text(const std::vector<double>& mode, const std::string& unit) {
  if (mode.empty()) return "-";
  std::string out;
  for (std::size_t i = 0; i < mode.size() && i < 3; ++i) out += (i ? ", " : "") + cell_text(mode[i], unit);
  if (mode.size() > 3) out += fmt::format(" (+{})", mode.size() - 3);
  return out;
}

}  // namespace

std::string logs_overview(const Analysis& a, const TextWidth& width) {
  const std::size_t limit = width.wide ? std::string::npos : width.limit;
  std::string out;
  for (const auto& log : a.logs) {
    std::string head = fmt::format("{}: {} format, {}, {}", log.source, log.format, counted(log.lines, "line"),
                                   counted(log.records, "record"));
    if (log.ignored) head += fmt::format(", {} without data", counted(log.ignored, "line"));
    out += wrap_text(head, limit);
    if (log.skipped.lines) out += wrap_text(fmt::format("  skipped {}", skipped_text(log.skipped)), limit, "    ");
    for (const auto& [category, counts] : log.counts) {
      std::vector<std::pair<std::string, std::uint64_t>> sorted(counts.begin(), counts.end());
      std::stable_sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
      std::string line;
      for (std::size_t i = 0; i < sorted.size() && i < 8; ++i)
        line += fmt::format("{}{} {}", i ? ", " : "", sorted[i].first, sorted[i].second);
      if (sorted.size() > 8) line += fmt::format(", ... ({} more)", sorted.size() - 8);
      out += wrap_text(fmt::format("  {}: {}", category, line), limit, "    ");
    }
  }
  return out;
}

std::string details_table(const Analysis& a, const TextWidth& width) {
  const bool trimmed = std::any_of(a.summaries.begin(), a.summaries.end(), [](const auto& s) { return s.trimmed.has_value(); });
  using Align = TextTable::Align;
  std::vector<TextTable::Column> columns{{"series", Align::left}, {"mode"}, {"SD (n)"}, {"IQR"},
                                         {"Tukey lo/hi", Align::right, true}, {"p90"}, {"p99.9"},
                                         {"median 95% CI"}};
  if (trimmed)
    columns.insert(columns.end(), {{"trimmed min", Align::right, true, true}, {"trimmed max", Align::right, true},
                                   {"trimmed mode", Align::right, true}, {"trimmed SD (n)", Align::right, true}});
  TextTable table(columns);
  for (std::size_t i = 0; i < a.summaries.size(); ++i) {
    const auto& s = a.summaries[i];
    if (s.all.count == 0) continue;
    const auto& ci = a.median_cis[i];
    auto v = [&](double x) { return cell_text(x, s.unit); };
    std::vector<std::string> row{series_label(s), mode_text(s.all.mode, s.unit), v(s.all.sd_population), v(s.all.iqr),
                                 fmt::format("{}/{}", s.all.tukey_low, s.all.tukey_high), v(s.all.percentiles.p90),
                                 v(s.all.percentiles.p999),
                                 ci.valid ? fmt::format("[{}, {}]", v(ci.low), v(ci.high)) : "-"};
    if (trimmed) {
      if (s.trimmed && s.trimmed->count > 0)
        row.insert(row.end(), {v(s.trimmed->min), v(s.trimmed->max), mode_text(s.trimmed->mode, s.unit),
                               v(s.trimmed->sd_population)});
      else
        row.insert(row.end(), {"-", "", "", ""});
    }
    table.add_row(std::move(row));
  }
  if (table.rows() == 0) return {};
  std::string out = table.render(width) + hidden_note(table, width);
  for (std::size_t i = 0; i < a.median_cis.size(); ++i)
    if (a.median_cis[i].valid) return out + fmt::format("median CI: {}\n", a.median_cis[i].method);
  return out;
}

std::string breakdown_table(const RequestRows& r, const TextWidth& width) {
  const auto lines = stage_breakdown(r);
  const std::size_t complete = r.ids.size() - r.incomplete;
  TextTable table({{"stage", TextTable::Align::left}, {"requests"}, {"median"}, {"mean"}, {"share of total"}});
  for (const auto& l : lines) {
    auto v = [&](double x) { return std::isnan(x) ? std::string("-") : value_text(x, l.unit); };
    table.add_row({l.stage, fmt::format("{}", l.count), v(l.median), v(l.mean),
                   std::isnan(l.share_pct) ? std::string("-") : fmt::format("{:.1f}%", l.share_pct)});
  }
  return wrap_text(fmt::format("where the time goes ({}; share of the summed total of the {})",
                               r.ordered_by_time ? "stages in pipeline order, by their times" : "stages in the order first logged",
                               counted(complete, "complete request")),
                   width.wide ? std::string::npos : width.limit) +
         table.render(width);
}

std::string rows_preview(const RequestRows& r, std::size_t max_rows, const TextWidth& width) {
  std::vector<TextTable::Column> columns{{"request", TextTable::Align::left}};
  for (const auto& s : r.stages) columns.push_back({s});
  columns.push_back({"total"});
  // The shares repeat the stages divided by the total: the first to go on a narrow terminal.
  for (const auto& s : r.stages) columns.push_back({s + " %", TextTable::Align::right, true});
  TextTable table(columns);
  for (std::size_t i = 0; i < r.ids.size() && i < max_rows; ++i) {
    std::vector<std::string> row{r.ids[i]};
    for (double v : r.values[i]) row.push_back(std::isnan(v) ? "-" : format_ms(v));
    row.push_back(std::isnan(r.total[i]) ? "-" : format_ms(r.total[i]));
    for (double v : r.values[i])
      row.push_back(std::isnan(v) || std::isnan(r.total[i]) || r.total[i] <= 0 ? "-" : fmt::format("{:.1f}", 100 * v / r.total[i]));
    table.add_row(std::move(row));
  }
  std::string out = table.render(width) + hidden_note(table, width);
  if (r.ids.size() > max_rows) out += fmt::format("... {} more requests (all of them: --export-rows FILE)\n", r.ids.size() - max_rows);
  return out;
}

std::string notes_text(const Analysis& a, const TextWidth& width) {
  const std::size_t limit = width.wide ? std::string::npos : width.limit;
  std::string out;
  for (const auto& log : a.logs)
    for (const auto& n : log.notes) out += wrap_text(fmt::format("note: {}: {}", log.source, n), limit);
  for (const auto& n : a.notes) out += wrap_text(fmt::format("note: {}", n), limit);
  return out;
}

std::string summary_csv(const Analysis& a) {
  std::string out =
      "series,unit,count,min,max,mean,median,sd,sd_population,p50,p90,p95,p99,p99.9,iqr,tukey_low,tukey_high,"
      "median_ci_low,median_ci_high,trim_low,trim_high,trimmed_count,trimmed_min,trimmed_max,trimmed_mean,"
      "trimmed_median,trimmed_sd,trimmed_sd_population,trimmed_p95,trimmed_p99\n";
  auto num = [](double v) { return fmt::format("{}", v); };
  for (std::size_t i = 0; i < a.summaries.size(); ++i) {
    const auto& s = a.summaries[i];
    std::string name = s.name;
    if (name.find_first_of(",\"\n") != std::string::npos) {
      std::string q = "\"";
      for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      name = q + "\"";
    }
    out += fmt::format("{},{},{}", name, s.unit, s.all.count);
    auto stats_cells = [&](const stats::Stats& t, bool full) {
      if (t.count == 0) return std::string(full ? ",,,,,,,,,,,,,," : ",,,,,,,,");
      std::string c = fmt::format(",{},{},{},{},{},{}", num(t.min), num(t.max), num(t.mean), num(t.median), num(t.sd), num(t.sd_population));
      if (full)
        c += fmt::format(",{},{},{},{},{},{},{},{}", num(t.percentiles.p50), num(t.percentiles.p90), num(t.percentiles.p95),
                         num(t.percentiles.p99), num(t.percentiles.p999), num(t.iqr), t.tukey_low, t.tukey_high);
      else
        c += fmt::format(",{},{}", num(t.percentiles.p95), num(t.percentiles.p99));
      return c;
    };
    out += stats_cells(s.all, true);
    const auto& ci = a.median_cis[i];
    out += ci.valid ? fmt::format(",{},{}", num(ci.low), num(ci.high)) : std::string(",,");
    if (s.trimmed) out += fmt::format(",{},{},{}", s.trim_low, s.trim_high, s.trimmed->count) + stats_cells(*s.trimmed, false);
    else out += ",0,0,,,,,,,,,";
    out += '\n';
  }
  return out;
}

nlohmann::json analysis_document(const Analysis& a) {
  nlohmann::json logs = nlohmann::json::array();
  for (const auto& log : a.logs) {
    logs.push_back({{"source", log.source}, {"format", log.format}, {"lines", log.lines}, {"records", log.records},
                    {"ignored_lines", log.ignored}, {"skipped", {{"lines", log.skipped.lines}, {"reasons", log.skipped.reasons},
                    {"first_lines", log.skipped.first_lines}}}, {"counts", log.counts}, {"notes", log.notes}});
  }
  nlohmann::json extra = {{"analyze", {{"logs", logs}, {"notes", a.notes}, {"streaming", a.streaming}}}};
  if (a.streaming) extra["analyze"]["approximate"] = stats::streaming_accuracy_note();
  nlohmann::json doc = report::summary_document(a.summaries, extra);
  for (std::size_t i = 0; i < a.summaries.size() && i < doc["series"].size(); ++i) {
    const auto& ci = a.median_cis[i];
    doc["series"][i]["median_ci95"] = ci.valid ? nlohmann::json{{"low", ci.low}, {"high", ci.high}, {"method", ci.method}}
                                               : nlohmann::json(nullptr);
  }
  if (a.rows) {
    const RequestRows& r = *a.rows;
    auto number = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
    nlohmann::json requests = nlohmann::json::array();
    for (std::size_t i = 0; i < r.ids.size(); ++i) {
      nlohmann::json stages = nlohmann::json::object(), shares = nlohmann::json::object();
      for (std::size_t s = 0; s < r.stages.size(); ++s) {
        const double v = r.values[i][s];
        stages[r.stages[s]] = number(v);
        shares[r.stages[s]] = std::isnan(r.total[i]) || r.total[i] <= 0 ? nlohmann::json(nullptr) : number(100.0 * v / r.total[i]);
      }
      requests.push_back({{"id", r.ids[i]}, {"total", number(r.total[i])}, {"stages", std::move(stages)},
                          {"shares_pct", std::move(shares)}});
    }
    doc["requests"] = std::move(requests);
    nlohmann::json breakdown = nlohmann::json::array();
    for (const auto& l : stage_breakdown(r))
      breakdown.push_back({{"stage", l.stage}, {"unit", l.unit}, {"count", l.count}, {"median", number(l.median)},
                           {"mean", number(l.mean)}, {"share_pct", number(l.share_pct)}});
    doc["breakdown"] = std::move(breakdown);
  }
  return doc;
}

void write_analysis_json(const std::string& path, const Analysis& a) {
  report::write_json_file(path, analysis_document(a));
}

}  // namespace latbench::app
