#pragma once
// `latbench gate` end to end: load baseline and candidate, check the budget, write the reports
// (terminal, $GITHUB_STEP_SUMMARY, JUnit) and pick the exit code. The CLI only fills GateRequest.
#include <string>
#include <vector>

#include "compare/budget.hpp"
#include "compare/gate.hpp"
#include "compare/source.hpp"

namespace latbench::app {

struct GateRequest {
  std::string baseline;             // may be empty when the budget holds limits only
  std::string candidate;
  std::string max;                  // --max text; or
  std::string budget_file;          // --budget FILE (YAML); at least one of the two
  compare::SourceOptions source;
  compare::GateOptions gate;
  std::string junit;                // empty: not written
  std::string step_summary;         // $GITHUB_STEP_SUMMARY; appended to when set
};

struct GateOutcome {
  compare::GateResult result;
  int exit_code = 0;                // 0 pass, 1 regression, 4 undecided
  std::string table;
  std::vector<std::string> notes;
};

// Throws latbench::Error (usage/input -> exit 2) for bad budgets, files or option combinations.
GateOutcome run_gate(const GateRequest& request);

}  // namespace latbench::app
