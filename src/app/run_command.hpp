#pragma once
// `latbench run` end to end: the run (app/run_workload.hpp), its summary text and document, the
// files asked for (--export-json, plots and the Markdown report, drawn from the samples file),
// then the verdict: 130 when interrupted, an error when a file of the run folder could not be
// written or the target failed, else the gate against a baseline or the thresholds on this run.
// The CLI fills RunRequest (a RunConfig already resolved from profile and flags) and prints the
// RunOutcome.
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/gate_command.hpp"
#include "app/report_request.hpp"
#include "app/run_workload.hpp"
#include "compare/budget.hpp"
#include "compare/thresholds.hpp"

namespace latbench::app {

struct RunRequest {
  client::RunConfig config;
  std::string export_json;                  // empty: not written
  ReportRequest report;
  // Set: gate the run against gate->baseline (its candidate is this run's samples file).
  std::optional<GateRequest> gate;
  // Set (and no gate): k6-style limits checked on this run as measured.
  std::optional<std::vector<compare::BudgetItem>> thresholds;
};

struct RunOutcome {
  RunResult result;
  nlohmann::json document;                  // summary.json's document
  std::string summary;                      // the terminal summary, ending with a newline
  report::PlotOutcome plots;                // drawn from samples.jsonl
  bool wrote_markdown = false;
  std::vector<std::string> notes;           // for stderr: what was not drawn, and why
  std::optional<GateOutcome> gate;          // the gate, when asked for and reached
  std::optional<compare::ThresholdOutcome> thresholds;  // the thresholds, when asked for and reached
  int exit_code = 0;                        // 0, 1 (gate or thresholds), 4 (undecided), 130 (Ctrl-C)
  // After the summary: an export or report that could not be written, a file of the run folder
  // that could not be (input, exit 2), or a target that failed (unreachable, exit 3). The caller
  // prints the rest of the outcome, then rethrows it; what comes after it was not done.
  std::exception_ptr error;
};

// Throws what run_workload throws (a bad setting as a KeyError naming its key, an unreachable
// target), before anything is written.
RunOutcome run_command(const RunRequest& request, const RunHooks& hooks = {});

// What run_command does after the run on an outcome made elsewhere (its result, document and
// summary set): the exports, plots and report, then the verdict, a failure kept in out.error.
// `latbench merge` finishes its merged folder this way, as any run.
void finish_run(const RunRequest& request, RunOutcome& out);

}  // namespace latbench::app
