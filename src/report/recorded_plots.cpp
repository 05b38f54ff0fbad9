#include "report/recorded_plots.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace latbench::report {
namespace {

std::string prefixed_name(const std::string& label, const std::string& name, bool prefixed) {
  return prefixed ? fmt::format("{}: {}", label, name) : name;
}

}  // namespace

RecordedPlots recorded_plots(RecordedRun run, const std::string& label, bool prefixed,
                             const stats::SummaryOptions& options) {
  RecordedPlots out;
  for (auto& series : run.statistics) {
    series.name = prefixed_name(label, series.name, prefixed);
    out.summaries.push_back(stats::summarize(series, options));
  }
  run.total.name = prefixed_name(label, run.total.name, prefixed);
  // statistics.front() is the total the summary was computed on (warm-up and failures handled
  // as `latbench run` does), so the histogram and percentile plots match the table.
  const std::vector<double>& total_values = run.statistics.front().values;
  out.set.latency.push_back({run.total, out.summaries.front(), total_values});
  if (run.server) {
    out.set.device = run.total;
    out.set.device->name = prefixed_name(label, "total (device)", prefixed);
    out.set.server = std::move(*run.server);
  }
  out.set.stages = std::move(run.stages);
  out.per_request = run.total;
  out.distribution.name = label;
  out.distribution.unit = "ms";
  out.distribution.values = total_values;
  return out;
}

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

void merge_outcome(PlotOutcome& total, PlotOutcome part) {
  for (auto& f : part.files) total.files.push_back(std::move(f));
  for (auto& n : part.notes) {
    if (part.gnuplot_missing && total.gnuplot_missing) continue;  // would repeat once per part
    total.notes.push_back(std::move(n));
  }
  total.gnuplot_missing = total.gnuplot_missing || part.gnuplot_missing;
}

}  // namespace latbench::report
