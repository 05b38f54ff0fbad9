// `latbench compare`: parse flags into a CompareRequest and hand it to the engine.
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "core/duration.hpp"
#include "core/error.hpp"
#include "interrupt_scope.hpp"
#include "label_option.hpp"
#include "link_option.hpp"
#include "report_flags.hpp"
#include "app/compare_command.hpp"
#include "compare/parse.hpp"
#include "stats/trim.hpp"

namespace latbench::cli {
namespace {

struct CompareFlags {
  app::CompareRequest request;
  std::string noise = "2%";
  std::string trim = "5%";
  std::string metrics;
  double alpha = 0.05;
  double confidence = 0.95;
  ReportFlags report;
  std::uint64_t requests = 0;
};

constexpr const char* k_compare_footer = R"(Sources:
  samples.jsonl   one recording ('latbench run' writes it): per-request distributions are
                  compared, labelled per-request: the 'shift' row is the Hodges-Lehmann shift
                  with its rank interval, tested by Mann-Whitney U; every other row is a
                  bootstrap test of its own statistic, p and interval from the same resamples
  FOLDER          every *.jsonl below it is one round: per-round values are the sample unit
                  (Mann-Whitney U on rounds, Hodges-Lehmann interval); needs >= 4 rounds per side
  summary.json    statistics only (no raw samples): values and change, no test ('?')
  LOG             any log analyze reads, sniffed as analyze does (esp32, ultralytics, nginx...):
                  its format's main series (named in the output; --series picks another), as
                  one recording; --field F / --format NAME|FILE.yaml for jsonl, csv or your own
                  format (a folder of logs: one round each)
  PROFILE.yaml    a profile: latbench runs every profile itself, interleaved in rounds (A B A B ...,
                  --rounds) with the same --link/--url, so drift hits each alike; each run of each
                  round is a run folder under --out; rounds are then the sample unit. Without --url
                  each run starts the embedded server with its profile's server settings
The first source is the baseline; every other one is compared with it.
A change counts (faster/slower) only when its Holm-adjusted p < --alpha AND its whole interval
lies beyond --noise; an interval holding 0 never pairs with p < 1 - --confidence. Holm runs over
the rows' distinct tests. Percentiles use linear interpolation between order statistics (numpy's
default). Exit code 0 whatever the verdicts (use 'latbench gate' to fail CI).

Examples:
  latbench compare profiles/baseline.yaml profiles/keepalive.yaml --link wifi --requests 50
  latbench compare runs/base/samples.jsonl runs/keepalive/samples.jsonl --export-markdown pr.md
  latbench compare a/samples.jsonl b/samples.jsonl --label wifi --label lte
  latbench compare samples/esp32.log samples/esp32_slower.log)";


}  // namespace

void register_compare(CLI::App& app, Action& action) {
  auto flags = std::make_shared<CompareFlags>();
  auto* cmd = app.add_subcommand("compare", "Is B faster than A? Per-metric change with intervals, "
                                            "p-values and a verdict");
  cmd->footer(k_compare_footer);
  cmd->add_option("sources", flags->request.sources, "Baseline first, then candidates")
      ->required()
      ->expected(2, -1);
  add_label_option(*cmd, flags->request.labels,
                   "each source's file or folder name, with its parent folder when two would read alike");
  cmd->add_option("--rounds", flags->request.profiles.rounds, "Profiles: interleaved rounds (>= 4 per side to test; >= 6 for p < 0.05 over all 9 metrics, Holm-corrected)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1000u));
  cmd->add_option("--requests,-n", flags->requests, "Profiles: uploads per profile per round (default: the profile's)");
  cmd->add_option("--link", flags->request.profiles.link, std::string("Profiles: run every one over this link. ") + k_link_option_short_help);
  cmd->add_option("--url", flags->request.profiles.url, "Profiles: drive this server instead of the embedded one");
  cmd->add_option("--out", flags->request.profiles.out_dir, "Profiles: folder of the runs (default runs/<timestamp>-compare)");
  cmd->add_option("--field", flags->request.source.fields,
                  "Read sources as logs (analyze's readers) and compare this field, e.g. total_ms or latency:s")
      ->expected(1);
  cmd->add_option("--format", flags->request.source.format, "Log format of the sources (default: sniffed) or a YAML format file");
  cmd->add_option("--series", flags->request.source.series,
                  "Series to compare: a run's total (default), ttfb, connect, upload, server_infer, ...; "
                  "a log's format's main series by default");
  cmd->add_option("--alpha", flags->alpha, "Significance level (after Holm's correction)")
      ->capture_default_str();
  cmd->add_option("--noise", flags->noise, "Changes within +-noise do not count")->capture_default_str();
  cmd->add_option("--confidence", flags->confidence, "Confidence of every interval")->capture_default_str();
  cmd->add_option("--resamples", flags->request.compare.resamples, "Bootstrap resamples")
      ->capture_default_str()
      ->check(CLI::Range(100, 1000000));
  cmd->add_option("--seed", flags->request.compare.seed, "Bootstrap seed (same seed, same intervals)")
      ->capture_default_str();
  cmd->add_option("--trim", flags->trim, "Trimmed mean: drop this share (5%) or count (3) per end")
      ->capture_default_str();
  cmd->add_option("--metrics", flags->metrics,
                  "Comma-separated subset of shift,p50,p90,p95,p99,mean,tmean,sd,errors,throughput");
  cmd->add_flag("--wide", flags->request.width.wide,
                "Every column: both sides' intervals and the test (default: fit 100 columns)");
  cmd->add_option("--export-json", flags->request.export_json, "Write the comparison as JSON");
  cmd->add_option("--export-csv", flags->request.export_csv, "Write one CSV row per metric");
  add_report_flags(*cmd, flags->report, "overlaid percentile curves, CDFs and box plots");
  cmd->callback([flags, &action, cmd] {
    bool profile_flags = false;
    for (const char* name : {"--rounds", "--requests", "--link", "--url", "--out"})
      profile_flags = profile_flags || cmd->get_option(name)->count() > 0;
    action = [flags, profile_flags] {
      app::CompareRequest request = flags->request;
      check_label_count(request.labels, request.sources.size());
      compare::CompareOptions& o = request.compare;
      o.alpha = compare::parse_number_in(std::to_string(flags->alpha), "--alpha", 0, 1).take();
      o.confidence = compare::parse_number_in(std::to_string(flags->confidence), "--confidence", 0, 1).take();
      o.noise_pct = compare::parse_percent(flags->noise, "--noise").take();
      o.trim = stats::parse_trim(flags->trim, "--trim").take();
      if (!flags->metrics.empty()) o.metrics = compare::parse_metric_list(flags->metrics, "--metrics").take();
      bool any_profile = false;
      for (const auto& s : request.sources) any_profile = any_profile || app::is_profile_path(s);
      if (profile_flags && !any_profile)
        throw usage_error("--rounds, --requests, --link, --url and --out apply to profiles (*.yaml), which compare "
                          "runs itself; these sources are recordings");
      if (flags->requests > 0) request.profiles.requests = flags->requests;
      if (!request.profiles.link.empty()) checked_link_option(request.profiles.link);
      request.profiles.on_round = [](const app::RoundReport& r) {
        std::fprintf(stderr, "%s\n", fmt::format("round {}/{}  {:<{}}  {} uploads  p50 {}{}{}{}", r.round, r.rounds, r.label, r.label_width,
                                                 r.measured, format_ms(r.p50_ms),
                                                 r.errors ? fmt::format("  {} errors", r.errors) : "",
                                                 r.valid ? "" : "  (not valid: latbench lagged)",
                                                 r.link_seed ? fmt::format("  link seed {}", *r.link_seed) : "").c_str());
      };
      const InterruptScope interrupts;
      request.profiles.interrupt = interrupts.count();
      request.export_markdown = flags->report.markdown;
      request.plot_dir = flags->report.plot_dir;
      if (flags->report.plots()) request.plot = flags->report.plot_options();
      const app::CompareOutcome outcome = app::run_compare(request);
      for (const std::string& note : outcome.notes) std::fprintf(stderr, "latbench: note: %s\n", note.c_str());
      std::fputs(outcome.table.c_str(), stdout);
      print_plot_outcome(outcome.plots);
      if (!request.export_markdown.empty()) std::printf("wrote %s\n", request.export_markdown.c_str());
      if (!outcome.run_dir.empty()) std::printf("runs: %s\n", outcome.run_dir.string().c_str());
      return static_cast<int>(outcome.interrupted ? ExitCode::interrupted : ExitCode::ok);
    };
  });
}

}  // namespace latbench::cli
