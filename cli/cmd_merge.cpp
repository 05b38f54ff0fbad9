// `latbench merge`: flags -> MergeRequest -> app::merge_command -> print the outcome as a run's.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "app/hlog_command.hpp"
#include "app/merge_command.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "report_flags.hpp"

namespace latbench::cli {
namespace {

struct MergeFlags {
  std::vector<std::string> folders;
  std::string out;
  bool allow_missing = false;
  std::string export_json;
  bool quiet = false;
  bool json = false;
  ReportFlags report;
  std::vector<std::string> hlogs;  // --hlog: interval logs alone, no run folders
};

int merge(const MergeFlags& flags) {
  if (!flags.hlogs.empty()) {  // histograms without samples: the shards' .hlog files alone
    if (!flags.folders.empty()) throw usage_error("latbench merge: give run folders or --hlog files, not both");
    app::HlogRequest hlog;
    hlog.inputs = flags.hlogs;
    hlog.out = flags.out;
    const app::HlogOutcome outcome = app::hlog_merge(hlog);
    if (!flags.quiet) std::fputs(outcome.text.c_str(), stdout);
    return 0;
  }
  if (flags.folders.empty()) throw usage_error("latbench merge: give the shards' run folders (or --hlog FILE...)");
  app::MergeRequest request;
  for (const auto& f : flags.folders) request.folders.emplace_back(f);
  request.out = flags.out;
  request.missing = flags.allow_missing ? app::MissingShards::allow : app::MissingShards::refuse;
  request.export_json = flags.export_json;
  request.report = flags.report.request();
  const app::RunOutcome outcome = app::merge_command(request);
  if (flags.json) {
    std::fputs((outcome.document.dump(2) + "\n").c_str(), stdout);
  } else if (!flags.quiet) {
    std::fputs(outcome.summary.c_str(), stdout);
  }
  std::fflush(stdout);
  if (flags.report.any()) print_plot_outcome(outcome.plots, flags.json, flags.quiet);
  std::FILE* out = flags.json ? stderr : stdout;
  if (outcome.wrote_markdown && !flags.quiet) std::fprintf(out, "wrote %s\n", flags.report.markdown.c_str());
  for (const std::string& note : outcome.notes) std::fprintf(stderr, "latbench: note: %s\n", note.c_str());
  if (outcome.error) std::rethrow_exception(outcome.error);
  return outcome.exit_code;
}

}  // namespace

void register_merge(CLI::App& app, Action& action) {
  auto flags = std::make_shared<MergeFlags>();
  auto* cmd = app.add_subcommand("merge", "Merge the run folders of one workload's shards (run --shard I/N) into one run");
  cmd->footer(
      "Checks the folders are shards of one workload (same workload hash, each index once, all N\n"
      "present) and writes one run folder: samples.jsonl on one timeline (times from the earliest\n"
      "shard's start), summary.json computed as a run's over all the samples, profile.yaml of the whole\n"
      "workload. compare, gate, plot and analyze read it as any run.\n"
      "Example:\n"
      "  latbench merge runs/shard-0 runs/shard-1 runs/shard-2 runs/shard-3 --out runs/fleet\n"
      "When every folder holds one .hlog (run --export-hlog into the folder), run.hlog of the merged\n"
      "folder is their sum. Without samples: latbench merge --hlog a.hlog b.hlog --out fleet.hlog\n"
      "(counts exact, values within 0.1%: HdrHistogram at 3 significant digits).\n"
      "Exit codes: 0 ok, 2 bad input (not shards of one workload, shards missing without\n"
      "--allow-missing), 3 no merged request got an answer.\n"
      "Percentiles use linear interpolation between order statistics (numpy's default).");
  cmd->add_option("folders", flags->folders, "The shards' run folders")->check(CLI::ExistingDirectory);
  cmd->add_option("--out", flags->out, "The merged run folder (created); with --hlog, the merged .hlog file")->required();
  cmd->add_option("--hlog", flags->hlogs, "Instead of run folders: add the shards' HdrHistogram interval logs alone "
                                          "(no samples), as 'latbench hlog merge'")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--allow-missing", flags->allow_missing, "Merge even when shards are missing; the run is marked partial");
  cmd->add_option("--export-json", flags->export_json, "Write the summary document to FILE");
  cmd->add_flag("--quiet,-q", flags->quiet, "Print nothing but errors");
  cmd->add_flag("--json", flags->json, "Print the summary document as JSON on stdout");
  add_report_flags(*cmd, flags->report, "the merged run's plots (timeline, histogram, percentiles, CDF, stages)");
  cmd->callback([&action, flags] { action = [flags] { return merge(*flags); }; });
}

}  // namespace latbench::cli
