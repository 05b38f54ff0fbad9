#include "app/plot_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "report/json_export.hpp"
#include "report/markdown.hpp"
#include "report/recorded_plots.hpp"
#include "report/run_plot_series.hpp"
#include "report/sparkline.hpp"
#include "report/summary_table.hpp"

namespace latbench::app {

PlotCommandOutcome run_plot(const PlotRequest& request) {
  std::vector<std::filesystem::path> paths;
  for (const auto& source : request.sources) {
    if (!std::filesystem::is_regular_file(source)) throw input_error(fmt::format("{}: no such file", source));
    paths.emplace_back(source);
  }
  const std::vector<std::string> labels = request.labels.empty() ? report::source_labels(paths) : request.labels;

  PlotCommandOutcome out;
  report::PlotOutcome& outcome = out.plots;
  // A run that never reached its target leaves an empty samples.jsonl: among several sources it
  // is skipped with a note (runs/*/samples.jsonl would otherwise fail on one dead run).
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (paths.size() > 1 && std::filesystem::file_size(paths[i]) == 0) {
      outcome.notes.push_back(fmt::format("{}: empty (a run that recorded no request), skipped", request.sources[i]));
    } else {
      kept.push_back(i);
    }
  }
  if (kept.empty()) throw input_error("every source is empty: no run recorded a request");

  const bool many = kept.size() > 1;
  const std::filesystem::path& dir = request.report.plot_dir;
  std::vector<stats::Summary> summaries;
  std::vector<report::PlotSeries> per_request;
  std::vector<report::PlotSeries> profiles;
  std::set<std::string> folders;

  for (std::size_t i : kept) {
    const std::string& source = request.sources[i];
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
      report::RecordedPlots recorded = report::recorded_plots(std::move(run), label, many, request.summary);
      set = std::move(recorded.set);
      per_request.push_back(std::move(recorded.per_request));
      profiles.push_back(std::move(recorded.distribution));
      for (auto& s : recorded.summaries) summaries.push_back(std::move(s));
    }
    if (request.report.plots()) report::merge_outcome(outcome, report::render_plots(set, out_dir, request.report.plot));
  }
  if (request.report.plots() && profiles.size() > 1) {
    report::PlotSet comparison;
    comparison.profiles = profiles;
    report::merge_outcome(outcome, report::render_plots(comparison, dir, request.report.plot));
  }

  out.text = report::summary_table(summaries) + report::sparkline_lines(summaries, report::terminal_charset());
  // Plots were the point of this command: without gnuplot it did not do its job.
  out.exit_code = static_cast<int>(outcome.gnuplot_missing ? ExitCode::usage : ExitCode::ok);
  if (request.report.markdown.empty()) return out;
  report::MarkdownReport md;
  md.title = "latbench plot";
  md.command = request.command_line;
  md.summaries = summaries;
  md.per_request = per_request;
  md.plots = outcome.files;
  md.notes = outcome.notes;
  try {
    report::write_markdown_file(request.report.markdown, md);
    out.wrote_markdown = true;
  } catch (...) {
    out.error = std::current_exception();
  }
  return out;
}

}  // namespace latbench::app
