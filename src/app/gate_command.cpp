#include "app/gate_command.hpp"

#include <fmt/format.h>

#include <optional>

#include "compare/exports.hpp"
#include "compare/gate_report.hpp"
#include "core/error.hpp"
#include "core/write_file.hpp"

namespace latbench::app {
using namespace compare;  // the stages the gate composes

GateOutcome run_gate(const GateRequest& request) {
  std::vector<BudgetItem> budget;
  if (!request.max.empty()) budget = parse_budget(request.max, "--max").take();
  if (!request.budget_file.empty()) {
    auto more = load_budget_file(request.budget_file).take();
    budget.insert(budget.end(), more.begin(), more.end());
  }
  if (budget.empty()) throw usage_error("gate: give a budget with --max 'p95=+10%' or --budget FILE");
  if (request.candidate.empty()) throw usage_error("gate: --candidate is required");
  bool needs_baseline = false;
  for (const BudgetItem& item : budget) needs_baseline = needs_baseline || item.needs_baseline();
  if (needs_baseline && request.baseline.empty())
    throw usage_error("gate: relative budgets (like p95=+10%) need --baseline; limits (p99<300ms) do not");

  // A bootstrap p-value is at least 1/(resamples+1) and Holm multiplies the smallest by the
  // number of items: with too few resamples no item could ever fail, and the gate would lie.
  const double smallest = static_cast<double>(budget.size()) / static_cast<double>(request.gate.resamples + 1);
  if (smallest >= request.gate.alpha)
    throw usage_error(fmt::format("--resamples {}: too few for {} budget items at --alpha {} (need more "
                                  "than {})",
                                  request.gate.resamples, budget.size(), request.gate.alpha,
                                  static_cast<long>(static_cast<double>(budget.size()) / request.gate.alpha)));

  GateOutcome outcome;
  std::optional<Source> base;
  if (!request.baseline.empty()) base = load_source(request.baseline, request.source).take();
  Source cand = load_source(request.candidate, request.source).take();
  for (const Source* s : {base ? &*base : nullptr, &cand})
    if (s)
      for (const std::string& note : s->notes) outcome.notes.push_back(note);
  if (base) {
    const auto labels = distinct_labels({*base, cand});
    base->label = labels[0];
    cand.label = labels[1];
    if (std::string note; pool_mismatched_rounds(*base, cand, note)) outcome.notes.push_back(note);
  }
  outcome.result = evaluate_gate(base ? &*base : nullptr, cand, budget, request.gate);
  outcome.exit_code = gate_exit_code(outcome.result);
  const GateReportContext ctx{base ? base->label : "", cand.label, request.gate.alpha, outcome.exit_code};
  outcome.table = gate_text(outcome.result, ctx);
  if (!request.junit.empty()) (void)write_whole_file(request.junit, gate_junit(outcome.result, ctx)).take();
  // GitHub appends every step's summary file: add to it, never replace it.
  if (!request.step_summary.empty())
    (void)append_to_file(request.step_summary, gate_markdown(outcome.result, ctx)).take();
  return outcome;
}

}  // namespace latbench::app
