// `latbench plot SOURCE... --plot DIR`: the plots (and optionally the Markdown report) of
// recorded sources: samples.jsonl files of runs, or summary JSON documents.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/error.hpp"
#include "report/json_export.hpp"
#include "report/markdown.hpp"
#include "report/plot_samples.hpp"
#include "report/plot_set.hpp"
#include "report/sparkline.hpp"
#include "report/summary_table.hpp"
#include "stats/summary.hpp"

namespace latbench::cli {
namespace {

struct PlotCommandOptions {
  std::vector<std::string> sources;
  std::string plot_dir;
  std::string format = "png";
  std::string markdown;
  std::string bin_width;
  std::string buckets;
};

// A summary document is one JSON object with "series"; anything else is read as samples.
bool is_summary_document(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char c = 0;
  while (in.get(c) && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
  }
  if (c != '{') return false;
  in.seekg(0);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  return !j.is_discarded() && j.is_object() && j.contains("series");
}

std::string prefixed(const std::string& source, const std::string& name, bool many) {
  return many ? fmt::format("{}: {}", source, name) : name;
}

int run_plot(const PlotCommandOptions& o, const std::string& command_line) {
  stats::SummaryOptions summary_options;
  if (!o.bin_width.empty() && !o.buckets.empty()) throw usage_error("--bin-width and --buckets: give one, not both");
  if (!o.bin_width.empty()) summary_options.histogram = stats::parse_bin_width(o.bin_width).take();
  if (!o.buckets.empty()) summary_options.histogram = stats::parse_buckets(o.buckets).take();
  report::PlotOptions plot_options;
  plot_options.format = report::parse_plot_format(o.format).take();

  const bool many = o.sources.size() > 1;
  const std::filesystem::path dir = o.plot_dir;
  std::vector<stats::Summary> summaries;
  std::vector<report::PlotSeries> per_request;
  std::vector<report::PlotSeries> profiles;
  report::PlotOutcome outcome;
  const auto merge = [&](report::PlotOutcome part) {
    for (auto& f : part.files) outcome.files.push_back(std::move(f));
    for (auto& n : part.notes) {
      // "gnuplot missing" would repeat once per source.
      if (part.gnuplot_missing && outcome.gnuplot_missing) continue;
      outcome.notes.push_back(std::move(n));
    }
    outcome.gnuplot_missing = outcome.gnuplot_missing || part.gnuplot_missing;
  };

  for (const auto& source : o.sources) {
    const std::filesystem::path path = source;
    if (!std::filesystem::is_regular_file(path)) throw input_error(fmt::format("{}: no such file", source));
    const std::string label = path.stem().string();
    // With several sources each gets its own folder, so their plots do not overwrite each other.
    const std::filesystem::path out_dir = many ? dir / report::file_slug(label) : dir;
    report::PlotSet set;
    if (is_summary_document(path)) {
      for (auto summary : report::read_summary_document(path).take()) {
        summary.name = prefixed(label, summary.name, many);
        set.summary_only.push_back(summary);
        summaries.push_back(std::move(summary));
      }
    } else {
      report::RecordedRun run = report::read_recorded_run(path).take();
      if (run.skipped.lines > 0) {
        outcome.notes.push_back(fmt::format("{}: skipped {} malformed lines (first at line {})", source,
                                            run.skipped.lines, run.skipped.first_lines.front()));
      }
      std::vector<stats::Summary> own;
      for (auto& series : run.statistics) {
        series.name = prefixed(label, series.name, many);
        own.push_back(stats::summarize(series, summary_options));
      }
      run.total.name = prefixed(label, run.total.name, many);
      set.latency.push_back({run.total, own.front(), run.statistics.front().values});
      if (run.server) {
        set.device = run.total;
        set.device->name = prefixed(label, "total (device)", many);
        set.server = *run.server;
      }
      set.stages = run.stages;
      per_request.push_back(run.total);
      report::PlotSeries profile;
      profile.name = label;
      profile.unit = "ms";
      profile.values = run.statistics.front().values;
      profiles.push_back(std::move(profile));
      for (auto& s : own) summaries.push_back(std::move(s));
    }
    if (!o.plot_dir.empty()) merge(report::render_plots(set, out_dir, plot_options));
  }
  if (!o.plot_dir.empty() && profiles.size() > 1) {
    report::PlotSet comparison;
    comparison.profiles = profiles;
    merge(report::render_plots(comparison, dir, plot_options));
  }

  std::fputs(report::summary_table(summaries).c_str(), stdout);
  const report::Charset charset = report::terminal_charset();
  std::size_t width = 0;
  for (const auto& summary : summaries) width = std::max(width, summary.name.size());
  for (const auto& summary : summaries) {
    const std::string line = report::histogram_sparkline(summary.histogram, summary.unit, charset);
    if (!line.empty()) std::fputs(fmt::format("{:<{}}  {}\n", summary.name, width, line).c_str(), stdout);
  }
  for (const auto& file : outcome.files) std::printf("wrote %s\n", file.path.string().c_str());
  for (const auto& note : outcome.notes) std::fprintf(stderr, "latbench: %s\n", note.c_str());

  if (!o.markdown.empty()) {
    report::MarkdownReport md;
    md.title = "latbench plot";
    md.command = command_line;
    md.summaries = summaries;
    md.per_request = per_request;
    md.plots = outcome.files;
    md.notes = outcome.notes;
    report::write_markdown_file(o.markdown, md);
    std::printf("wrote %s\n", o.markdown.c_str());
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
  cmd->add_option("--plot", options->plot_dir, "Directory to draw into (created if needed)");
  cmd->add_option("--plot-format", options->format, "png (pngcairo) or svg, 1200x700")->capture_default_str();
  cmd->add_option("--export-markdown", options->markdown,
                  "Write a Markdown report: tables, Mermaid charts, links to the plots");
  cmd->add_option("--bin-width", options->bin_width, "Histogram bin width, e.g. 5 (ms)");
  cmd->add_option("--buckets", options->buckets, "Explicit histogram edges, e.g. 0,20,40,80,160");
  cmd->footer("Gnuplot draws the plots (sudo apt-get install gnuplot-nox). Percentiles use linear interpolation\n"
              "between order statistics (numpy's default).\n"
              "Example:\n  latbench plot samples.jsonl --plot plots --export-markdown report.md");
  cmd->callback([options, &action] {
    std::string line = "latbench plot";
    for (const auto& s : options->sources) line += " " + s;
    if (!options->plot_dir.empty()) line += " --plot " + options->plot_dir;
    if (options->format != "png") line += " --plot-format " + options->format;
    if (!options->bin_width.empty()) line += " --bin-width " + options->bin_width;
    if (!options->buckets.empty()) line += " --buckets " + options->buckets;
    if (!options->markdown.empty()) line += " --export-markdown " + options->markdown;
    action = [options, line] {
      if (options->plot_dir.empty() && options->markdown.empty()) {
        throw usage_error("latbench plot: give --plot DIR (and/or --export-markdown FILE)");
      }
      return run_plot(*options, line);
    };
  });
}

}  // namespace latbench::cli
