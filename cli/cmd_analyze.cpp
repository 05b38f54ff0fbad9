// latbench analyze FILE...: logs users already have -> series -> statistics -> table / exports.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "invocation.hpp"
#include "report_flags.hpp"
#include "core/error.hpp"
#include "core/write_file.hpp"
#include "logs/analysis.hpp"
#include "logs/analysis_plots.hpp"
#include "logs/analysis_report.hpp"
#include "report/markdown.hpp"
#include "report/sparkline.hpp"
#include "report/summary_table.hpp"
#include "stats/histogram.hpp"
#include "stats/trim.hpp"

namespace latbench::cli {
namespace {

struct AnalyzeArgs {
  std::vector<std::string> files;
  std::string format;
  std::vector<std::string> fields;
  std::string log_format;
  std::string trim;
  std::string bin_width, buckets;
  std::string export_json, export_csv, export_rows;
  std::string join, join_format, device_series, server_series, on = "order";
  std::string group_by;
  bool streaming = false;
  bool wide = false;
  std::uint64_t seed = 1;
  ReportFlags report;
};

// Plots and the Markdown report of an analysis (--plot, --export-markdown).
void write_analysis_reports(const logs::Analysis& a, const AnalyzeArgs& args) {
  report::PlotOutcome outcome;
  if (args.report.plots()) {
    outcome = report::render_plots(logs::analysis_plot_set(a), args.report.plot_dir, args.report.plot_options());
  }
  print_plot_outcome(outcome);
  if (args.report.markdown.empty()) return;
  report::MarkdownReport md;
  md.title = "latbench analyze";
  md.command = invocation();
  md.summaries = a.summaries;
  md.per_request = logs::analysis_per_request(a);
  md.plots = outcome.files;
  md.notes = a.notes;
  md.notes.insert(md.notes.end(), outcome.notes.begin(), outcome.notes.end());
  report::write_markdown_file(args.report.markdown, md);
  std::printf("wrote %s\n", args.report.markdown.c_str());
}

int run_analyze(const AnalyzeArgs& args) {
  logs::AnalyzeOptions options;
  options.read.format = args.format;
  options.read.streaming = args.streaming;
  for (const auto& f : args.fields) {  // "--field a,b" and repeated --field both work
    std::stringstream ss(f);
    for (std::string part; std::getline(ss, part, ',');)
      if (!part.empty()) options.read.format_options.fields.push_back(part);
  }
  options.read.format_options.log_format = args.log_format;
  if (!args.trim.empty()) options.summary.trim = stats::parse_trim(args.trim, "--trim").take();
  if (!args.bin_width.empty() && !args.buckets.empty())
    throw usage_error("--bin-width and --buckets: give one of them, not both");
  if (!args.bin_width.empty()) options.summary.histogram = stats::parse_bin_width(args.bin_width, "--bin-width").take();
  if (!args.buckets.empty()) options.summary.histogram = stats::parse_buckets(args.buckets, "--buckets").take();
  options.join_file = args.join;
  options.join_format = args.join_format;
  options.join_series = {args.device_series, args.server_series};
  if (args.join.empty() && (!args.join_format.empty() || !args.device_series.empty() || !args.server_series.empty()))
    throw usage_error("--join-format, --device-series and --server-series describe the --join pair: give --join SERVER_LOG");
  if (args.on == "order") options.join_on = logs::JoinOn::order;
  else if (args.on == "request_id") options.join_on = logs::JoinOn::request_id;
  else throw usage_error(fmt::format("--on {}: expected 'order' or 'request_id'", args.on));
  if (!args.group_by.empty() && args.group_by != "request_id")
    throw usage_error(fmt::format("--group-by {}: only 'request_id' is supported", args.group_by));
  options.group_by_request = !args.group_by.empty();
  if (!args.export_rows.empty() && !options.group_by_request)
    throw usage_error("--export-rows needs --group-by request_id (the rows are per request)");
  options.seed = args.seed;
  options.keep_series = args.report.any();
  if (args.report.plots()) (void)args.report.plot_options();  // a bad --plot-format fails before reading

  logs::Analysis a = logs::analyze_logs(args.files, options).take();

  const TextWidth width{args.wide};
  std::string out = logs::logs_overview(a, width);
  if (a.summaries.empty()) {
    out += "no timed series in these logs (counts above are all there is)\n";
  } else {
    out += '\n' + report::summary_table(a.summaries, {true, width});
    out += report::sparkline_lines(a.summaries, report::terminal_charset());
    if (auto details = logs::details_table(a, width); !details.empty()) out += '\n' + details;
  }
  if (a.rows) out += '\n' + logs::breakdown_table(*a.rows, width) + '\n' + logs::rows_preview(*a.rows, 10, width);
  const std::string notes = logs::notes_text(a, width);
  if (!notes.empty()) out += '\n' + notes;
  std::fputs(out.c_str(), stdout);

  if (!args.export_json.empty()) logs::write_analysis_json(args.export_json, a);
  if (!args.export_csv.empty()) (void)write_whole_file(args.export_csv, logs::summary_csv(a)).take();
  if (!args.export_rows.empty()) (void)write_whole_file(args.export_rows, logs::rows_csv(*a.rows)).take();
  if (args.report.any()) write_analysis_reports(a, args);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace

void register_analyze(CLI::App& app, Action& action) {
  auto args = std::make_shared<AnalyzeArgs>();
  auto* cmd = app.add_subcommand("analyze", "Statistics of the logs you already have (device serial, server console, access logs, JSON lines, CSV)");
  cmd->add_option("FILE", args->files, "Log files; '-' reads stdin; *.gz is read directly")->required();
  cmd->add_option("--format", args->format,
                  fmt::format("Force a format instead of sniffing: {} - or a YAML format file (see samples/*.format.yaml)",
                              logs::format_names()));
  cmd->add_option("--field", args->fields, "jsonl/csv: fields to analyse, 'name' or 'name:unit' (s/ms/us/ns convert to ms; dotted paths reach into objects)");
  cmd->add_option("--log-format", args->log_format, "nginx log_format / Apache LogFormat string of the access log (default: common timed variants of combined)");
  cmd->add_option("--trim", args->trim, "Also give every statistic without the k smallest and k largest values ('3') or a share of each end ('2.5%')");
  cmd->add_option("--bin-width", args->bin_width, "Histogram bin width in the series' unit (default: automatic, Freedman-Diaconis rounded to 1-2-5)");
  cmd->add_option("--buckets", args->buckets, "Histogram bin edges, e.g. 0,500,1000,2000");
  cmd->add_option("--export-json", args->export_json, "Write the summary document (schema 1) to FILE; with --group-by also every request and the stage breakdown");
  cmd->add_option("--export-csv", args->export_csv, "Write one CSV row of statistics per series to FILE");
  cmd->add_option("--export-rows", args->export_rows, "With --group-by: write every request's stages, total and shares to FILE (CSV)");
  cmd->add_option("--join", args->join, "Server log to pair with the device FILE: network_overhead = device series - server series, per pair");
  cmd->add_option("--join-format", args->join_format,
                  "Format of the --join log instead of sniffing it (as --format, which applies to the FILE only)");
  cmd->add_option("--device-series", args->device_series,
                  "Series of the FILE to pair (default: total, or the log's only timed series), e.g. receive");
  cmd->add_option("--server-series", args->server_series,
                  "Series of the --join log to pair (default: total, or the log's only timed series)");
  cmd->add_option("--on", args->on, "How --join pairs records: order (i-th with i-th) or request_id")->capture_default_str();
  cmd->add_option("--group-by", args->group_by, "request_id: one row per request from stages logged by several services/files, and where the time goes (stages in pipeline order)");
  cmd->add_flag("--wide", args->wide, "Every column of every table, however wide (default: fit 100 columns)");
  cmd->add_flag("--streaming", args->streaming, "Constant memory for huge logs: percentiles within 0.39% (log buckets); count/min/max/mean/SD exact");
  add_report_flags(*cmd, args->report, "the plots (timelines, histograms, percentiles; device vs server after --join; stages after --group-by)");
  cmd->add_option("--seed", args->seed, "Seed of the bootstrap CI of the median")->capture_default_str();
  cmd->footer(
      "Percentiles use linear interpolation between order statistics (numpy's default); SD is the sample SD (n-1),\n"
      "SD (n) the population SD.\n"
      "Examples:\n"
      "  latbench analyze samples/esp32.log --trim 3\n"
      "  latbench analyze samples/esp32.log --join samples/ultralytics.log --on order\n"
      "  latbench analyze samples/esp32_hd.log --device-series receive --join samples/hd_server.log \\\n"
      "      --join-format samples/hd_server.format.yaml\n"
      "  latbench analyze samples/esp32.log --plot plots --export-markdown analysis.md\n"
      "  latbench analyze samples/stages_*.jsonl --group-by request_id --export-rows rows.csv\n"
      "  zcat big.log.gz | latbench analyze - --format esp32 --streaming");
  cmd->callback([&action, args] { action = [args] { return run_analyze(*args); }; });
}

}  // namespace latbench::cli
