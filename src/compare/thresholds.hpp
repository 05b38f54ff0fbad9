#pragma once
// k6-style thresholds on one run, with no baseline: `latbench run --max 'p99<300ms,errors<1%'`.
// Each limit (compare/budget.hpp's grammar, its limits only) is checked on the value as measured:
// a threshold is the user's line in the sand, not a hypothesis (the gate tests those).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "compare/budget.hpp"
#include "stats/trim.hpp"

namespace latbench::compare {

struct ThresholdCheck {
  BudgetItem item;
  std::optional<double> measured;  // nullopt: the run cannot give it (no latency value at all)
  std::string unit;                // of measured: the series unit, "%" or "/s"
  bool pass = false;               // a limit with no measured value does not pass
};

struct ThresholdOutcome {
  std::vector<ThresholdCheck> checks;
  int exit_code = 0;  // 0 every limit met, 1 one or more not (ExitCode values)
  std::string table;  // "limit  measured  status" rows and a last line with the verdict
};

// The limits in `max` (the --max text) and `budget_file` (YAML, its limits: list). Throws
// latbench::Error (usage) naming --max or the file and the item when one needs a baseline
// (p50=+5%, shift...), and the option that would give one (`baseline_option`).
std::vector<BudgetItem> threshold_limits(const std::string& max, const std::string& budget_file,
                                         const std::string& baseline_option);

// Checks `limits` on the run recorded in `samples` (its total; errors in % of the measured
// requests, throughput in successful requests per second). Throws latbench::Error (input) when
// the file does not read.
ThresholdOutcome check_thresholds(const std::filesystem::path& samples, const std::vector<BudgetItem>& limits,
                                  const stats::Trim& trim = {stats::Trim::Kind::share, 0.05});

}  // namespace latbench::compare
