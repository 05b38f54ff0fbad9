#pragma once
// The CI gate: each budget item becomes a one-sided test of "the candidate is worse than the
// budget allows", Holm-corrected across items. An item fails only when that is significant, so
// a noisy runner does not fail a good commit; when the data cannot decide, it says so.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/budget.hpp"
#include "compare/source.hpp"
#include "stats/trim.hpp"

namespace latbench::compare {

struct GateOptions {
  double alpha = 0.01;             // one-sided, after Holm's correction
  std::size_t resamples = 2000;    // bootstrap; smallest p is 1 / (resamples + 1)
  std::uint64_t seed = 1;
  stats::Trim trim{stats::Trim::Kind::share, 0.05};
  std::size_t min_rounds = 4;      // per side, in rounds mode
  std::size_t min_requests = 20;   // per side, in per-request mode
};

enum class CheckStatus { pass, fail, undecided };

struct GateCheck {
  BudgetItem item;
  std::string unit;                  // of base / cand
  std::optional<double> base, cand;  // the metric on each side (cand only, for limits)
  std::optional<double> change;      // % (relative), points (errors), series unit (delta)
  std::string change_unit;           // "%", "pp", "ms", "/s"
  std::optional<double> p_value, p_adjusted;  // one-sided: "worse than the budget / limit"
  std::string test;                  // "bootstrap", "U", "U exact", "1-prop z", "2-prop z", "sign", "value"
  CheckStatus status = CheckStatus::undecided;
  std::string detail;                // why, in words
};

struct GateResult {
  std::string method_note;
  std::vector<GateCheck> checks;
};

// `base` may be null when every item is a limit. Never throws for statistical reasons.
GateResult evaluate_gate(const Source* base, const Source& cand, const std::vector<BudgetItem>& budget,
                         const GateOptions& options);

// 1 if any check failed, else 4 if any is undecided, else 0 (ExitCode values).
int gate_exit_code(const GateResult& result);

std::string_view status_word(CheckStatus s);  // "pass", "FAIL", "undecided"

}  // namespace latbench::compare
