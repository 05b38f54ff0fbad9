#include "app/run_command.hpp"

#include <fmt/format.h>

#include "app/run_report.hpp"
#include "core/error.hpp"
#include "report/json_export.hpp"
#include "report/markdown.hpp"
#include "report/recorded_plots.hpp"
#include "report/run_plot_series.hpp"

namespace latbench::app {
namespace {

// The plots and the Markdown report of the run just made, drawn from its samples file (the same
// drawing as `latbench plot runs/.../samples.jsonl`).
void write_reports(const RunRequest& request, RunOutcome& out) {
  const RunResult& result = out.result;
  const std::string label = request.config.name.empty() ? "run" : request.config.name;
  auto recorded = report::recorded_plots(report::read_recorded_run(result.samples_path).take(), label, false);
  // Frames: the run just made knows its target and skipped frames even when summary.json went
  // elsewhere (a full disk).
  if (auto& frames = recorded.set.frames) {
    if (result.intended_rate_per_s > 0) frames->target_per_s = result.intended_rate_per_s;
    frames->skipped = result.driver.skipped;
  }
  if (request.report.plots()) out.plots = report::render_plots(recorded.set, request.report.plot_dir, request.report.plot);
  if (request.report.markdown.empty()) return;
  report::MarkdownReport md;
  md.title = "latbench run: " + label;
  // The run folder keeps the resolved profile: running it again repeats this run exactly.
  md.command = "latbench run " + (result.out_dir / "profile.yaml").string();
  md.summaries = result.summaries;
  md.per_request = {recorded.per_request};
  md.plots = out.plots.files;
  md.notes = out.plots.notes;
  if (!result.valid) md.notes.push_back("not a valid measurement: " + result.invalid_reason);
  report::write_markdown_file(request.report.markdown, md);
  out.wrote_markdown = true;
}

// Each file the run folder could not take, and where the summary went instead.
std::string write_failure(const RunResult& r) {
  std::string message;
  for (const std::string& e : r.write_errors) message += (message.empty() ? "" : "; ") + e;
  message += fmt::format(". The summary printed counts all {} measured requests; ", r.measured);
  if (r.summary_path.empty()) return message + "summary.json could not be written anywhere";
  return message + fmt::format("summary.json is in {}", r.summary_path.string());
}

// Everything after the summary, in order; a throw stops it (run_command keeps the error).
void finish(const RunRequest& request, RunOutcome& out) {
  const RunResult& result = out.result;
  // After the summary: a file that cannot be written must not cost the user the summary.
  if (!request.export_json.empty()) report::write_json_file(request.export_json, out.document);
  if (request.report.any() && result.samples_complete) write_reports(request, out);
  if (request.report.any() && !result.samples_complete)
    out.notes.push_back("no plots or report: they are drawn from samples.jsonl, which is incomplete");
  if (result.interrupted) {
    out.exit_code = static_cast<int>(ExitCode::interrupted);
    return;
  }
  if (!result.write_errors.empty()) throw input_error(write_failure(result));
  if (!result.failure.empty()) throw Error(ErrorKind::unreachable, result.failure);
  if (request.gate) {
    GateRequest gate = *request.gate;
    gate.candidate = result.samples_path.string();
    out.gate = run_gate(gate);
    out.exit_code = out.gate->exit_code;
  } else if (request.thresholds) {
    out.thresholds = compare::check_thresholds(result.samples_path, *request.thresholds);
    out.exit_code = out.thresholds->exit_code;
  }
}

}  // namespace

RunOutcome run_command(const RunRequest& request, const RunHooks& hooks) {
  RunOutcome out;
  out.result = run_workload(request.config, hooks);
  out.document = run_summary_document(request.config, out.result);
  out.summary = format_run_summary(request.config, out.result);
  // On stderr too: a shard's log is where a fleet's operator looks for the one that lagged.
  if (const RunOrigin& o = out.result.origin; o.started_late)
    out.notes.push_back(fmt::format("started {:.1f} ms after start_at {} (summary.json run.start.start_lag_ms); the "
                                    "run is marked late", o.start_lag_ms, format_wall_time(*o.start_at)));
  finish_run(request, out);
  return out;
}

void finish_run(const RunRequest& request, RunOutcome& out) {
  try {
    finish(request, out);
  } catch (...) {
    out.error = std::current_exception();
  }
}

}  // namespace latbench::app
