#include "compare/format.hpp"

#include <fmt/format.h>

#include "core/duration.hpp"

namespace latbench::compare {

std::string format_value(double v, const std::string& unit) {
  if (unit == "ms") return format_ms(v);
  if (unit == "%") return fmt::format("{:.2f}%", v);
  if (unit == "/s") return fmt::format("{:.1f}/s", v);
  if (unit.empty()) return fmt::format("{:.4g}", v);
  return fmt::format("{:.4g} {}", v, unit);
}

std::string format_side(const SideValue& side, const std::string& unit) {
  if (!side.value) return "-";
  std::string s = format_value(*side.value, unit);
  if (side.ci) s += fmt::format(" [{}, {}]", format_value(side.ci->low, unit), format_value(side.ci->high, unit));
  return s;
}

std::string format_candidate(const MetricComparison& row) {
  if (!row.shift) return format_side(row.cand, row.unit);
  auto signed_value = [&](double v) { return (v >= 0 ? "+" : "") + format_value(v, row.unit); };
  std::string s = signed_value(*row.shift);
  if (row.shift_ci) s += fmt::format(" [{}, {}]", signed_value(row.shift_ci->low), signed_value(row.shift_ci->high));
  return s;
}

std::string format_change(const MetricComparison& row) {
  if (!row.change) return "-";
  const char* unit = row.change_in_points ? "pp" : "%";
  const int digits = row.change_in_points ? 2 : 1;
  std::string s = fmt::format("{:+.{}f}{}", *row.change, digits, unit);
  if (row.change_ci)
    s += fmt::format(" [{:+.{}f}{}, {:+.{}f}{}]", row.change_ci->low, digits, unit,
                     row.change_ci->high, digits, unit);
  return s;
}

std::string format_p(const std::optional<double>& p) {
  if (!p) return "-";
  if (*p < 0.001) return "<0.001";
  return fmt::format("{:.3f}", *p);
}

std::string method_name(Method m) {
  switch (m) {
    case Method::rounds: return "rounds";
    case Method::per_request: return "per-request";
    case Method::summary_only: return "summary-only";
  }
  return "?";
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|') out += "\\|";
    else if (ch == '\n' || ch == '\r') out += ' ';
    else out += ch;
  }
  return out;
}

}  // namespace latbench::compare
