#pragma once
// The gate's budget: how much worse each metric may get relative to the baseline
// ("p50=+5%,p95=+10%,errors=+0", "p95=+3ms"), plus absolute limits on the candidate in the k6
// style ("p99<300ms", "errors<1%", "throughput>50"). Given on the command line or in YAML.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "compare/metrics.hpp"
#include "core/error.hpp"

namespace latbench::compare {

struct BudgetItem {
  enum class Kind {
    relative,  // may get worse by at most `amount` % of the baseline (errors: percentage points)
    delta,     // may get worse by at most `amount` in the series unit (e.g. +3ms)
    limit,     // the candidate's value must satisfy `op amount` (errors in %, throughput in /s)
  };
  enum class Op { lt, le, gt, ge };
  Metric metric = Metric::p50;
  Kind kind = Kind::relative;
  Op op = Op::lt;
  double amount = 0;  // >= 0 for relative/delta: the allowed worsening, whatever the direction
  std::string text;   // as the user wrote it, for reports

  bool needs_baseline() const { return kind != Kind::limit; }
};

// Comma-separated items. Errors name `what`, the item's position and text, and what was
// expected, e.g. "--max: item 2 'p95=10': expected a change like +10% or +5ms after '='".
Result<std::vector<BudgetItem>> parse_budget(std::string_view text, std::string_view what);

// One item ("p99<300ms" or "p50=+5%").
Result<BudgetItem> parse_budget_item(std::string_view text, std::string_view what);

// A YAML file:
//   max:            # relative budgets, metric: allowed worsening
//     p50: +5%
//     errors: +0
//   limits:         # absolute limits
//     - p99<300ms
// Errors name the file, line and column.
Result<std::vector<BudgetItem>> load_budget_file(const std::filesystem::path& path);

// "<" "<=" ">" ">=".
std::string_view op_text(BudgetItem::Op op);

}  // namespace latbench::compare
