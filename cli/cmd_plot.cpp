// `latbench plot SOURCE... --plot DIR`: the plots (and optionally the Markdown report) of
// recorded sources: samples.jsonl files of runs, or summary JSON documents.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "commands.hpp"
#include "invocation.hpp"
#include "label_option.hpp"
#include "report_flags.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "report/json_export.hpp"
#include "report/markdown.hpp"
#include "report/recorded_plots.hpp"
#include "report/run_plot_series.hpp"
#include "report/plot_set.hpp"
#include "report/sparkline.hpp"
#include "report/summary_table.hpp"
#include "stats/summary.hpp"

namespace latbench::cli {
namespace {

struct PlotCommandOptions {
  std::vector<std::string> sources;
  std::vector<std::string> labels;  // --label, one per source
  ReportFlags report;
  std::string bin_width;
  std::string buckets;
};

int run_plot(const PlotCommandOptions& o, const std::string& command_line) {
  stats::SummaryOptions summary_options;
  if (!o.bin_width.empty() && !o.buckets.empty()) throw usage_error("--bin-width and --buckets: give one, not both");
  if (!o.bin_width.empty()) summary_options.histogram = stats::parse_bin_width(o.bin_width, "--bin-width").take();
  if (!o.buckets.empty()) summary_options.histogram = stats::parse_buckets(o.buckets, "--buckets").take();
  const report::PlotOptions plot_options = o.report.plot_options();

  check_label_count(o.labels, o.sources.size());
  std::vector<std::filesystem::path> paths;
  for (const auto& source : o.sources) {
    if (!std::filesystem::is_regular_file(source)) throw input_error(fmt::format("{}: no such file", source));
    paths.emplace_back(source);
  }
  const std::vector<std::string> labels = o.labels.empty() ? report::source_labels(paths) : o.labels;

  report::PlotOutcome outcome;
  // A run that never reached its target leaves an empty samples.jsonl: among several sources it
  // is skipped with a note (runs/*/samples.jsonl would otherwise fail on one dead run).
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (paths.size() > 1 && std::filesystem::file_size(paths[i]) == 0) {
      outcome.notes.push_back(fmt::format("{}: empty (a run that recorded no request), skipped", o.sources[i]));
    } else {
      kept.push_back(i);
    }
  }
  if (kept.empty()) throw input_error("every source is empty: no run recorded a request");

  const bool many = kept.size() > 1;
  const std::filesystem::path dir = o.report.plot_dir;
  std::vector<stats::Summary> summaries;
  std::vector<report::PlotSeries> per_request;
  std::vector<report::PlotSeries> profiles;
  std::set<std::string> folders;

  for (std::size_t i : kept) {
    const std::string& source = o.sources[i];
    const std::filesystem::path& path = paths[i];
    const std::string& label = labels[i];
    // With several sources each gets its own folder, so their plots do not overwrite each other.
    std::string folder = report::file_slug(label);
    for (int k = 2; !folders.insert(folder).second; ++k) folder = fmt::format("{}_{}", report::file_slug(label), k);
    const std::filesystem::path out_dir = many ? dir / folder : dir;
    report::PlotSet set;
    if (report::is_summary_document(path)) {
      for (auto summary : report::read_summary_document(path).take()) {
        if (many) summary.name = fmt::format("{}: {}", label, summary.name);
        set.summary_only.push_back(summary);
        summaries.push_back(std::move(summary));
      }
    } else {
      report::RecordedRun run = report::read_recorded_run(path).take();
      if (run.skipped.lines > 0) {
        outcome.notes.push_back(fmt::format("{}: skipped {} (first at line {}: {})", source,
                                            counted(run.skipped.lines, "malformed line"),
                                            run.skipped.first_lines.front(), run.skipped.reasons.begin()->first));
      }
      report::RecordedPlots recorded = report::recorded_plots(std::move(run), label, many, summary_options);
      set = std::move(recorded.set);
      per_request.push_back(std::move(recorded.per_request));
      profiles.push_back(std::move(recorded.distribution));
      for (auto& s : recorded.summaries) summaries.push_back(std::move(s));
    }
    if (o.report.plots()) report::merge_outcome(outcome, report::render_plots(set, out_dir, plot_options));
  }
  if (o.report.plots() && profiles.size() > 1) {
    report::PlotSet comparison;
    comparison.profiles = profiles;
    report::merge_outcome(outcome, report::render_plots(comparison, dir, plot_options));
  }

  std::fputs(report::summary_table(summaries).c_str(), stdout);
  std::fputs(report::sparkline_lines(summaries, report::terminal_charset()).c_str(), stdout);
  print_plot_outcome(outcome);

  if (!o.report.markdown.empty()) {
    report::MarkdownReport md;
    md.title = "latbench plot";
    md.command = command_line;
    md.summaries = summaries;
    md.per_request = per_request;
    md.plots = outcome.files;
    md.notes = outcome.notes;
    report::write_markdown_file(o.report.markdown, md);
    std::printf("wrote %s\n", o.report.markdown.c_str());
  }
  // Plots were the point of this command: without gnuplot it did not do its job.
  return static_cast<int>(outcome.gnuplot_missing ? ExitCode::usage : ExitCode::ok);
}

}  // namespace

void register_plot(CLI::App& app, Action& action) {
  auto options = std::make_shared<PlotCommandOptions>();
  auto* cmd = app.add_subcommand("plot", "Draw the plots of recorded sources (samples.jsonl, summary JSON)");
  cmd->add_option("sources", options->sources, "samples.jsonl files written by 'latbench run', or summary JSON "
                                               "documents (--export-json)")
      ->required();
  add_label_option(*cmd, options->labels,
                   "the run folder's name, e.g. 'keepalive' for runs/keepalive/samples.jsonl; it also names "
                   "each source's plot folder");
  add_report_flags(*cmd, options->report, "the plots");
  cmd->add_option("--bin-width", options->bin_width, "Histogram bin width, e.g. 5 (ms)");
  cmd->add_option("--buckets", options->buckets, "Explicit histogram edges, e.g. 0,20,40,80,160");
  cmd->footer("Gnuplot draws the plots (sudo apt-get install gnuplot-nox). Percentiles use linear interpolation\n"
              "between order statistics (numpy's default).\n"
              "Examples:\n  latbench plot samples.jsonl --plot plots --export-markdown report.md\n"
              "  latbench plot runs/*/samples.jsonl --plot plots   # one folder per run, named after it\n"
              "  latbench plot a/samples.jsonl b/samples.jsonl --label wifi --label lte --plot plots");
  cmd->callback([options, &action] {
    action = [options] {
      if (!options->report.any()) {
        throw usage_error("latbench plot: give --plot DIR (and/or --export-markdown FILE)");
      }
      return run_plot(*options, invocation());
    };
  });
}

}  // namespace latbench::cli
