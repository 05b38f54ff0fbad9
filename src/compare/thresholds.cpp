#include "compare/thresholds.hpp"

#include <fmt/format.h>

#include "compare/format.hpp"
#include "compare/metrics.hpp"
#include "compare/source.hpp"
#include "core/error.hpp"
#include "core/key_error.hpp"
#include "core/text_table.hpp"

namespace latbench::compare {
namespace {

bool meets(const BudgetItem& item, double v) {
  switch (item.op) {
    case BudgetItem::Op::lt: return v < item.amount;
    case BudgetItem::Op::le: return v <= item.amount;
    case BudgetItem::Op::gt: return v > item.amount;
    case BudgetItem::Op::ge: return v >= item.amount;
  }
  return false;
}

std::string table_of(const std::vector<ThresholdCheck>& checks) {
  using Align = TextTable::Align;
  TextTable t({{"limit", Align::left}, {"measured", Align::right}, {"status", Align::left}});
  std::size_t failed = 0;
  for (const ThresholdCheck& c : checks) {
    t.add_row({c.item.text, c.measured ? format_value(*c.measured, c.unit) : "no value", c.pass ? "pass" : "FAIL"});
    failed += c.pass ? 0 : 1;
  }
  std::string out = "thresholds (checked as measured):\n" + t.render();
  if (failed == 0) return out + fmt::format("thresholds: pass ({} of {} limits met)\n", checks.size(), checks.size());
  return out + fmt::format("thresholds: FAIL ({} of {} limits not met; exit 1)\n", failed, checks.size());
}

}  // namespace

std::vector<BudgetItem> threshold_limits(const std::string& max, const std::string& budget_file,
                                         const std::string& baseline_option) {
  std::vector<BudgetItem> limits;
  // `key`: the limits came from the max key (the caller names its flag), else from `budget_file`.
  auto add = [&](std::vector<BudgetItem> items, const std::string& key) {
    for (BudgetItem& item : items) {
      if (item.needs_baseline() || item.metric == Metric::shift) {
        const std::string detail = fmt::format("'{}' compares with a baseline: give one with {} FILE, or use a "
                                               "limit such as p99<300ms or errors<1%",
                                               item.text, baseline_option);
        if (key.empty()) throw usage_error(fmt::format("{}: {}", budget_file, detail));
        throw key_usage_error(key, detail);
      }
      limits.push_back(std::move(item));
    }
  };
  if (!max.empty()) {
    auto items = parse_budget(max, "max");
    if (!items) throw as_key_error(items.error(), "max");
    add(std::move(items).take(), "max");
  }
  if (!budget_file.empty()) add(load_budget_file(budget_file).take(), "");
  return limits;
}

ThresholdOutcome check_thresholds(const std::filesystem::path& samples, const std::vector<BudgetItem>& limits,
                                  const stats::Trim& trim) {
  const Source run = load_source(samples).take();
  Round all;
  for (const Round& r : run.rounds) {
    all.latency.insert(all.latency.end(), r.latency.begin(), r.latency.end());
    all.requests += r.requests;
    all.errors += r.errors;
    all.duration_s += r.duration_s;
  }
  ThresholdOutcome outcome;
  for (const BudgetItem& item : limits) {
    ThresholdCheck c;
    c.item = item;
    c.unit = metric_unit(item.metric, run.unit);
    c.measured = round_metric(all, item.metric, trim);
    c.pass = c.measured && meets(item, *c.measured);
    if (!c.pass) outcome.exit_code = static_cast<int>(ExitCode::regression);
    outcome.checks.push_back(std::move(c));
  }
  outcome.table = table_of(outcome.checks);
  return outcome;
}

}  // namespace latbench::compare
