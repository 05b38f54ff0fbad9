#include "compare/compare_command.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compare/exports.hpp"
#include "core/error.hpp"
#include "report/json_export.hpp"
#include "report/markdown.hpp"

namespace latbench::compare {
namespace {

// One curve per source in the baseline-first order, so each keeps its colour in every plot.
report::PlotOutcome comparison_plots(const std::vector<Source>& sources, const CompareRequest& request) {
  report::PlotSet set;
  std::vector<std::string> skipped;
  for (const Source& s : sources) {
    if (!s.has_raw()) {
      skipped.push_back(fmt::format("{}: statistics only (no per-request values), left out of the plots", s.path));
      continue;
    }
    report::PlotSeries curve;
    curve.name = s.label;
    curve.unit = s.unit;
    for (const Round& r : s.rounds) curve.values.insert(curve.values.end(), r.latency.begin(), r.latency.end());
    set.profiles.push_back(std::move(curve));
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
  std::vector<Source> sources;
  CompareOutcome outcome;
  for (const std::string& path : request.sources) {
    Source s = load_source(path, request.source).take();
    for (const std::string& note : s.notes) outcome.notes.push_back(note);
    sources.push_back(std::move(s));
  }
  const std::vector<std::string> labels = distinct_labels(sources);
  for (std::size_t i = 0; i < sources.size(); ++i) sources[i].label = labels[i];
  for (std::size_t i = 1; i < sources.size(); ++i) {
    if (sources[i].unit != sources[0].unit)
      throw input_error(fmt::format("{}: series '{}' is in '{}' but the baseline's is in '{}'",
                                    sources[i].path, request.source.series, sources[i].unit,
                                    sources[0].unit));
    outcome.comparisons.push_back(compare_sources(sources[0], sources[i], request.compare));
  }
  const ReportContext ctx{request.compare.alpha, request.compare.noise_pct, request.compare.confidence};
  outcome.table = comparison_text(outcome.comparisons, ctx);
  if (!request.export_json.empty())
    report::write_json_file(request.export_json, comparison_json(outcome.comparisons, ctx));
  if (!request.export_csv.empty())
    write_text_file(request.export_csv, comparison_csv(outcome.comparisons));
  if (!request.plot_dir.empty()) outcome.plots = comparison_plots(sources, request);
  if (!request.export_markdown.empty()) {
    const std::filesystem::path md = request.export_markdown;
    write_text_file(md, comparison_markdown(outcome.comparisons, ctx) + "\n" +
                            report::markdown_plot_links(outcome.plots.files, md.parent_path()));
  }
  return outcome;
}

}  // namespace latbench::compare
