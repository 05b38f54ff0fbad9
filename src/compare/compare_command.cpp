#include "compare/compare_command.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compare/exports.hpp"
#include "core/error.hpp"
#include "report/json_export.hpp"

namespace latbench::compare {

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
  if (!request.export_markdown.empty())
    write_text_file(request.export_markdown, comparison_markdown(outcome.comparisons, ctx));
  return outcome;
}

}  // namespace latbench::compare
