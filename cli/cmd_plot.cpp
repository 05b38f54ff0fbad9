// `latbench plot SOURCE... --plot DIR`: flags -> PlotRequest -> app::run_plot -> print the outcome.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "invocation.hpp"
#include "label_option.hpp"
#include "report_flags.hpp"
#include "app/plot_command.hpp"
#include "core/error.hpp"
#include "stats/histogram.hpp"

namespace latbench::cli {
namespace {

struct PlotCommandOptions {
  std::vector<std::string> sources;
  std::vector<std::string> labels;  // --label, one per source
  ReportFlags report;
  std::string bin_width;
  std::string buckets;
};

int run_plot(const PlotCommandOptions& o) {
  app::PlotRequest request;
  if (!o.bin_width.empty() && !o.buckets.empty()) throw usage_error("--bin-width and --buckets: give one, not both");
  if (!o.bin_width.empty()) request.summary.histogram = stats::parse_bin_width(o.bin_width, "--bin-width").take();
  if (!o.buckets.empty()) request.summary.histogram = stats::parse_buckets(o.buckets, "--buckets").take();
  request.report = o.report.request();
  request.report.plot = o.report.plot_options();
  check_label_count(o.labels, o.sources.size());
  request.sources = o.sources;
  request.labels = o.labels;
  request.command_line = invocation();

  const app::PlotCommandOutcome outcome = app::run_plot(request);
  std::fputs(outcome.text.c_str(), stdout);
  print_plot_outcome(outcome.plots);
  if (outcome.wrote_markdown) std::printf("wrote %s\n", o.report.markdown.c_str());
  if (outcome.error) std::rethrow_exception(outcome.error);
  return outcome.exit_code;
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
      return run_plot(*options);
    };
  });
}

}  // namespace latbench::cli
