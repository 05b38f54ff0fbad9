#include <nlohmann/json.hpp>

#include "compare/exports.hpp"
#include "compare/format.hpp"

namespace latbench::compare {
namespace {

using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json interval(const std::optional<stats::Interval>& i) {
  return i ? json::array({i->low, i->high}) : json(nullptr);
}
json side(const SideValue& s) { return {{"value", opt(s.value)}, {"ci", interval(s.ci)}, {"n", s.n}}; }

}  // namespace

json comparison_json(const std::vector<Comparison>& comparisons, const ReportContext& ctx) {
  json doc = {{"tool", "latbench"}, {"schema", 1}, {"kind", "comparison"},
              {"alpha", ctx.alpha}, {"noise_pct", ctx.noise_pct}, {"confidence", ctx.confidence}};
  json list = json::array();
  for (const Comparison& c : comparisons) {
    json metrics = json::array();
    for (const MetricComparison& r : c.rows) {
      metrics.push_back({{"metric", std::string(metric_name(r.metric))},
                         {"unit", r.unit},
                         {"baseline", side(r.base)},
                         {"candidate", side(r.cand)},
                         {"change", opt(r.change)},
                         {"change_unit", r.change_in_points ? "pp" : "%"},
                         {"change_ci", interval(r.change_ci)},
                         {"p_value", opt(r.p_value)},
                         {"p_adjusted", opt(r.p_adjusted)},
                         {"test", r.test},
                         {"verdict", verdict_word(r.metric, r.verdict)},
                         {"note", r.note}});
      if (r.shift)
        metrics.back()["shift"] = {{"value", *r.shift}, {"ci", interval(r.shift_ci)}, {"unit", r.unit}};
    }
    list.push_back({{"baseline", c.base_label}, {"candidate", c.cand_label}, {"unit", c.unit},
                    {"series", c.series}, {"method", method_name(c.method)}, {"method_note", c.method_note},
                    {"metrics", std::move(metrics)}});
  }
  doc["comparisons"] = std::move(list);
  return doc;
}

}  // namespace latbench::compare
