#include "app/compare_command.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "compare/exports.hpp"
#include "core/error.hpp"
#include "core/write_file.hpp"
#include "report/json_export.hpp"
#include "report/markdown.hpp"
#include "report/mermaid_distributions.hpp"

namespace latbench::app {
using namespace compare;  // the stages compare composes
namespace {

// A source's values, every round's together, named by its label.
report::PlotSeries pooled_values(const Source& s) {
  report::PlotSeries curve;
  curve.name = s.label;
  curve.unit = s.unit;
  for (const Round& r : s.rounds) curve.values.insert(curve.values.end(), r.latency.begin(), r.latency.end());
  return curve;
}

// One curve per source in the baseline-first order, so each keeps its colour in every plot.
report::PlotOutcome comparison_plots(const std::vector<Source>& sources, const CompareRequest& request) {
  report::PlotSet set;
  std::vector<std::string> skipped;
  for (const Source& s : sources) {
    if (!s.has_raw()) {
      skipped.push_back(fmt::format("{}: statistics only (no per-request values), left out of the plots", s.path));
      continue;
    }
    set.profiles.push_back(pooled_values(s));
  }
  report::PlotOutcome outcome;
  if (!set.profiles.empty()) outcome = report::render_plots(set, request.plot_dir, request.plot);
  outcome.notes.insert(outcome.notes.begin(), skipped.begin(), skipped.end());
  return outcome;
}

}  // namespace

CompareOutcome run_compare(const CompareRequest& request) {
  if (request.sources.size() < 2)
    throw usage_error("compare: give at least two sources (the first is the baseline)");
  if (!request.labels.empty() && request.labels.size() != request.sources.size())
    throw usage_error(fmt::format("compare: {} labels for {} sources (one per source)", request.labels.size(),
                                  request.sources.size()));
  CompareOutcome outcome;
  std::vector<std::string> paths = request.sources;
  const auto profiles = std::count_if(paths.begin(), paths.end(), [](const std::string& p) { return is_profile_path(p); });
  if (profiles > 0) {
    if (static_cast<std::size_t>(profiles) != paths.size())
      throw usage_error("compare: give only profiles (*.yaml, run here in interleaved rounds) or only recordings, "
                        "not both; record the profile first with 'latbench run PROFILE'");
    if (request.source.reads_logs())
      throw usage_error("--field/--format read recorded logs; profiles are run and compared on their samples");
    ProfileRounds rounds = run_profile_rounds(paths, request.profiles);
    outcome.run_dir = rounds.out_dir;
    outcome.interrupted = rounds.interrupted;
    for (auto& note : rounds.notes) outcome.notes.push_back(std::move(note));
    paths.clear();
    for (std::size_t i = 0; i < rounds.folders.size(); ++i) {
      if (!std::filesystem::is_directory(rounds.folders[i]))
        throw input_error(fmt::format("compare: interrupted before profile '{}' ran a single round", rounds.labels[i]));
      paths.push_back(rounds.folders[i].string());
    }
  }
  std::vector<Source> sources;
  for (const std::string& path : paths) {
    Source s = load_source(path, request.source).take();
    for (const std::string& note : s.notes) outcome.notes.push_back(note);
    sources.push_back(std::move(s));
  }
  const std::vector<std::string> labels = request.labels.empty() ? distinct_labels(sources) : request.labels;
  for (std::size_t i = 0; i < sources.size(); ++i) sources[i].label = labels[i];
  for (std::size_t i = 1; i < sources.size(); ++i) {
    if (sources[i].unit != sources[0].unit)
      throw input_error(fmt::format("{}: series '{}' is in '{}' but the baseline's is in '{}'",
                                    sources[i].path, sources[i].series, sources[i].unit,
                                    sources[0].unit));
    Source base = sources[0], cand = sources[i];  // copies: pooling one pair must not change the next
    if (std::string note; pool_mismatched_rounds(base, cand, note)) outcome.notes.push_back(note);
    outcome.comparisons.push_back(compare_sources(base, cand, request.compare));
  }
  const ReportContext ctx{request.compare.alpha, request.compare.noise_pct, request.compare.confidence};
  outcome.table = comparison_text(outcome.comparisons, ctx, request.width);
  if (!request.export_json.empty())
    report::write_json_file(request.export_json, comparison_json(outcome.comparisons, ctx));
  if (!request.export_csv.empty())
    (void)write_whole_file(request.export_csv, comparison_csv(outcome.comparisons)).take();
  if (!request.plot_dir.empty()) outcome.plots = comparison_plots(sources, request);
  if (!request.export_markdown.empty()) {
    const std::filesystem::path md = request.export_markdown;
    // Each candidate's distribution over the baseline's, on the same bins (statistics-only
    // sources have no values to bin: no chart).
    std::vector<std::string> charts;
    for (std::size_t i = 1; i < sources.size(); ++i) {
      const bool raw = sources[0].has_raw() && sources[i].has_raw();
      charts.push_back(raw ? report::mermaid_distributions(outcome.comparisons[i - 1].series, pooled_values(sources[0]),
                                                           pooled_values(sources[i]))
                           : std::string());
    }
    (void)write_whole_file(md, comparison_markdown(outcome.comparisons, ctx, charts) + "\n" +
                            report::markdown_plot_links(outcome.plots.files, md.parent_path())).take();
  }
  return outcome;
}

}  // namespace latbench::app
