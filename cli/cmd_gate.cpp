// `latbench gate`: parse flags into a GateRequest, run the engine, print, and exit 0 / 1 / 4.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "commands.hpp"
#include "app/gate_command.hpp"
#include "compare/parse.hpp"
#include "stats/trim.hpp"

namespace latbench::cli {
namespace {

struct GateFlags {
  app::GateRequest request;
  double alpha = 0.01;
  std::string trim = "5%";
};

constexpr const char* k_gate_footer = R"(Budget (--max, comma-separated, or --budget FILE in YAML with 'max:' and 'limits:'):
  p50=+5%          candidate p50 may be at most 5% above the baseline's (p90 p95 p99 mean tmean sd)
  p95=+3ms         ... at most 3 ms above
  shift=+5%        the candidate's values may be shifted at most 5% of the baseline's median up
                   (Hodges-Lehmann shift; decided by the one-sided Mann-Whitney test; or +20ms)
  errors=+0        error rate may rise by at most 0 percentage points (+0.5% = 0.5 points)
  throughput=-5%   may drop by at most 5% (needs rounds)
  p99<300ms        absolute limit on the candidate, k6 style (<, <=, >, >=; errors<1%, throughput>50)
Decision: every item is a one-sided test of "worse than allowed", Holm-corrected across items:
  per-request (one samples.jsonl per side): bootstrap of the metric's change (--resamples,
    --seed); errors: two-proportion z-test; limits: bootstrap of the candidate's metric
  rounds (a folder of *.jsonl per side, one per round): Mann-Whitney U of the candidate's
    rounds against the baseline's rounds moved to the budget's edge; limits: sign test
  logs: sniffed as analyze does, the format's main series (--series, --field F, --format NAME)
  summary JSON (no raw samples): limits are checked on the values as measured (k6 semantics);
    relative budgets cannot be tested and are 'undecided'
Exit codes: 0 pass; 1 a metric is significantly worse than its budget; 2 bad input;
  4 undecided (summary-only relative budgets, < 4 rounds or < 20 requests per side).
Writes the table as Markdown to $GITHUB_STEP_SUMMARY when set (appended).

Example:
  latbench gate --baseline base/samples.jsonl --candidate cand/samples.jsonl --max 'p50=+5%,p95=+10%,errors=+0,p99<300ms' --junit gate.xml)";

}  // namespace

void register_gate(CLI::App& app, Action& action) {
  auto flags = std::make_shared<GateFlags>();
  app::GateRequest& r = flags->request;
  auto* cmd = app.add_subcommand("gate", "Fail CI (exit 1) only on a significant regression beyond the budget");
  cmd->footer(k_gate_footer);
  cmd->add_option("--baseline", r.baseline, "Baseline: samples.jsonl, folder of rounds, or summary JSON");
  cmd->add_option("--candidate", r.candidate, "Candidate, same kinds")->required();
  cmd->add_option("--max", r.max, "Budget, e.g. 'p50=+5%,p95=+10%,errors=+0,p99<300ms'");
  cmd->add_option("--budget", r.budget_file, "Budget in a YAML file (max: / limits:)");
  cmd->add_option("--field", r.source.fields,
                  "Read sources as logs (analyze's readers) and compare this field, e.g. total_ms or latency:s")
      ->expected(1);
  cmd->add_option("--format", r.source.format, "Log format of the sources (default: sniffed) or a YAML format file");
  cmd->add_option("--series", r.source.series, "Series to gate on (default: a run's total, a log's main series)");
  cmd->add_option("--alpha", flags->alpha, "One-sided significance level, Holm-corrected")->capture_default_str();
  cmd->add_option("--resamples", r.gate.resamples, "Bootstrap resamples")
      ->capture_default_str()
      ->check(CLI::Range(100, 1000000));
  cmd->add_option("--seed", r.gate.seed, "Bootstrap seed")->capture_default_str();
  cmd->add_option("--trim", flags->trim, "Trimmed mean (tmean): share (5%) or count (3) per end")
      ->capture_default_str();
  cmd->add_option("--junit", r.junit, "Write JUnit XML (one test case per budget item)");
  cmd->callback([flags, &action] {
    action = [flags] {
      app::GateRequest request = flags->request;
      request.gate.alpha = compare::parse_number_in(std::to_string(flags->alpha), "--alpha", 0, 1).take();
      request.gate.trim = stats::parse_trim(flags->trim, "--trim").take();
      if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary)
        request.step_summary = summary;
      const app::GateOutcome outcome = app::run_gate(request);
      for (const std::string& note : outcome.notes) std::fprintf(stderr, "latbench: note: %s\n", note.c_str());
      std::fputs(outcome.table.c_str(), stdout);
      return outcome.exit_code;
    };
  });
}

}  // namespace latbench::cli
