#include "compare/parse.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace latbench::compare {
namespace {

bool to_double(std::string_view s, double& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

}  // namespace

Result<double> parse_percent(std::string_view text, std::string_view what) {
  std::string_view t = trim_blanks(text);
  if (!t.empty() && t.back() == '%') t.remove_suffix(1);
  double v = 0;
  if (!to_double(t, v) || v < 0)
    return usage_error(fmt::format("{}: invalid percentage '{}' (expected e.g. 2% or 0.5%)", what, text));
  return v;
}

Result<std::vector<Metric>> parse_metric_list(std::string_view text, std::string_view what) {
  std::vector<Metric> out;
  std::string_view rest = text;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view token = trim_blanks(rest.substr(0, comma));
    auto m = parse_metric(token);
    if (!m)
      return usage_error(fmt::format("{}: unknown metric '{}' (expected one of: {})", what, token,
                                     metric_names_list()));
    if (std::find(out.begin(), out.end(), *m) == out.end()) out.push_back(*m);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

Result<double> parse_number_in(std::string_view text, std::string_view what, double low, double high) {
  double v = 0;
  if (!to_double(trim_blanks(text), v) || !(v > low && v < high))
    return usage_error(fmt::format("{}: invalid value '{}' (expected a number between {} and {})",
                                   what, text, low, high));
  return v;
}

}  // namespace latbench::compare
