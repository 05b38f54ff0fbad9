#include <fmt/format.h>

#include "compare/exports.hpp"
#include "compare/format.hpp"

namespace latbench::compare {
namespace {

// RFC 4180: quote fields holding a comma, quote or line break; double the quotes.
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}
std::string num(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : ""; }

}  // namespace

std::string comparison_csv(const std::vector<Comparison>& comparisons) {
  std::string out =
      "baseline,candidate,method,metric,unit,base_value,base_low,base_high,base_n,cand_value,"
      "cand_low,cand_high,cand_n,change,change_unit,change_low,change_high,p_value,p_adjusted,"
      "test,verdict,note,shift,shift_low,shift_high\n";
  for (const Comparison& c : comparisons) {
    for (const MetricComparison& r : c.rows) {
      auto lo = [](const std::optional<stats::Interval>& i) {
        return i ? std::optional<double>(i->low) : std::nullopt;
      };
      auto hi = [](const std::optional<stats::Interval>& i) {
        return i ? std::optional<double>(i->high) : std::nullopt;
      };
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                         field(c.base_label), field(c.cand_label), method_name(c.method),
                         metric_name(r.metric), field(r.unit), num(r.base.value), num(lo(r.base.ci)),
                         num(hi(r.base.ci)), r.base.n, num(r.cand.value), num(lo(r.cand.ci)),
                         num(hi(r.cand.ci)), r.cand.n, num(r.change), r.change_in_points ? "pp" : "%",
                         num(lo(r.change_ci)), num(hi(r.change_ci)), num(r.p_value),
                         num(r.p_adjusted), field(r.test), field(verdict_word(r.metric, r.verdict)),
                         field(r.note), num(r.shift), num(lo(r.shift_ci)), num(hi(r.shift_ci)));
    }
  }
  return out;
}

}  // namespace latbench::compare
