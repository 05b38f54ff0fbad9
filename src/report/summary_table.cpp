#include "report/summary_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/duration.hpp"

namespace latbench::report {

using Row = std::vector<std::string>;
using Align = TextTable::Align;

std::string format_value(double v, const std::string& unit) {
  if (unit == "ms") return format_ms(v);
  // Counts and byte sizes read best whole (185312, not 1.853e+05); small values keep 4 digits.
  // Past 1e15 whole digits stop meaning anything (and reach 309 of them): 4 significant ones.
  if (std::fabs(v) >= 1e15) return fmt::format("{:.4g}", v);
  if (std::fabs(v) >= 1e4 || v == std::floor(v)) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

namespace {

std::string series_label(const stats::Summary& s) {
  if (s.unit.empty() || s.unit == "ms") return s.name;
  return fmt::format("{} ({})", s.name, s.unit);
}

Row stats_cells(const stats::Stats& s, const std::string& unit) {
  if (s.count == 0) return {"0", "no data", "", "", "", "", "", ""};
  auto f = [&](double v) { return format_value(v, unit); };
  return {fmt::format("{}", s.count), f(s.min), f(s.percentiles.p50), f(s.mean), f(s.percentiles.p95),
          f(s.percentiles.p99), f(s.max), f(s.sd)};
}

Row trimmed_cells(const stats::Summary& s) {
  if (!s.trimmed) return {"-", "", "", "", ""};
  const auto& t = *s.trimmed;
  auto f = [&](double v) { return format_value(v, s.unit); };
  return {fmt::format("{}+{}", s.trim_low, s.trim_high), fmt::format("{}", t.count), f(t.mean),
          f(t.median), f(t.sd)};
}

std::vector<TextTable::Column> trimmed_columns(bool optional) {
  return {{"trimmed", Align::right, optional, true}, {"n", Align::right, optional},
          {"mean", Align::right, optional}, {"median", Align::right, optional}, {"SD", Align::right, optional}};
}

}  // namespace

std::string summary_table(const std::vector<stats::Summary>& summaries, const TableOptions& options) {
  bool trimmed = options.show_trimmed &&
                 std::any_of(summaries.begin(), summaries.end(), [](const auto& s) { return s.trimmed.has_value(); });
  std::vector<TextTable::Column> columns{{"series", Align::left}, {"n"}, {"min"}, {"p50"}, {"mean"},
                                         {"p95"}, {"p99"}, {"max"}, {"SD"}};
  if (trimmed) {
    auto t = trimmed_columns(true);
    columns.insert(columns.end(), t.begin(), t.end());
  }
  TextTable table(columns);
  for (const auto& s : summaries) {
    Row row{series_label(s)};
    Row cells = stats_cells(s.all, s.unit);
    row.insert(row.end(), cells.begin(), cells.end());
    if (trimmed) {
      Row t = trimmed_cells(s);
      row.insert(row.end(), t.begin(), t.end());
    }
    table.add_row(std::move(row));
  }
  std::string out = table.render(options.width);
  if (!trimmed || !table.hides_columns(options.width)) return out;
  // Too wide side by side: the trimmed statistics get a table of their own below.
  std::vector<TextTable::Column> below{{"series", Align::left}};
  auto t = trimmed_columns(false);
  t.front().bar_before = false;
  below.insert(below.end(), t.begin(), t.end());
  TextTable second(below);
  for (const auto& s : summaries) {
    Row row{series_label(s)};
    Row cells = trimmed_cells(s);
    row.insert(row.end(), cells.begin(), cells.end());
    second.add_row(std::move(row));
  }
  return out + '\n' + second.render(options.width);
}

}  // namespace latbench::report
