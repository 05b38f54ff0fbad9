// `latbench analyze FILE...`: flags -> AnalyzeRequest -> app::run_analyze -> print the outcome.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <sstream>
#include <utility>

#include "commands.hpp"
#include "invocation.hpp"
#include "report_flags.hpp"
#include "app/analyze_command.hpp"
#include "core/error.hpp"
#include "logs/read_log.hpp"
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

int run_analyze(const AnalyzeArgs& args) {
  app::AnalyzeRequest request;
  request.files = args.files;
  app::AnalyzeOptions& options = request.options;
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
  request.width = TextWidth{args.wide};
  request.export_json = args.export_json;
  request.export_csv = args.export_csv;
  request.export_rows = args.export_rows;
  request.report = args.report.request();  // a bad --plot-format fails before reading
  request.command_line = invocation();

  const app::AnalyzeOutcome outcome = app::run_analyze(std::move(request));
  std::fputs(outcome.text.c_str(), stdout);
  if (args.report.any()) print_plot_outcome(outcome.plots);
  if (outcome.wrote_markdown) std::printf("wrote %s\n", args.report.markdown.c_str());
  if (outcome.error) std::rethrow_exception(outcome.error);
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
