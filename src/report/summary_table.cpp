#include "report/summary_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/duration.hpp"

namespace latbench::report {
namespace {

using Row = std::vector<std::string>;

}  // namespace

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

// Left-aligns the first column, right-aligns the rest; `separator_before` puts a bar before
// that column index (0: none).
std::string render(const std::vector<Row>& rows, std::size_t separator_before) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += separator_before && i == separator_before ? "  | " : "  ";
      line += i == 0 ? fmt::format("{:<{}}", row[i], widths[i]) : fmt::format("{:>{}}", row[i], widths[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

}  // namespace

std::string summary_table(const std::vector<stats::Summary>& summaries, const TableOptions& options) {
  bool trimmed = options.show_trimmed &&
                 std::any_of(summaries.begin(), summaries.end(), [](const auto& s) { return s.trimmed.has_value(); });
  Row header{"series", "n", "min", "p50", "mean", "p95", "p99", "max", "SD"};
  if (trimmed) header.insert(header.end(), {"trimmed", "n", "mean", "median", "SD"});
  std::vector<Row> rows{header};
  for (const auto& s : summaries) {
    Row row{series_label(s)};
    Row cells = stats_cells(s.all, s.unit);
    row.insert(row.end(), cells.begin(), cells.end());
    if (trimmed) {
      Row t = trimmed_cells(s);
      row.insert(row.end(), t.begin(), t.end());
    }
    rows.push_back(std::move(row));
  }
  return render(rows, trimmed ? 9 : 0);
}

}  // namespace latbench::report
