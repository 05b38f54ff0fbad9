#include "report/recorded_plots.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
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
  if (run.frames) {
    out.set.frames = std::move(run.frames);
    out.set.frames_name = label;
  }
  if (run.viewer) {
    out.set.viewer = std::move(run.viewer);
    out.set.frames_name = label;
  }
  out.per_request = run.total;
  out.distribution.name = label;
  out.distribution.unit = "ms";
  out.distribution.values = total_values;
  return out;
}

std::vector<std::string> source_labels(const std::vector<std::filesystem::path>& paths) {
  // The folders that may name each source, nearest first (none for a bare "samples.jsonl").
  std::vector<std::vector<std::string>> folders(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::filesystem::path absolute = paths[i].lexically_normal();
    for (auto dir = absolute.parent_path(); !dir.empty() && dir.has_filename(); dir = dir.parent_path()) {
      const std::string name = dir.filename().string();
      if (name == "." || name == "..") break;
      folders[i].push_back(name);
    }
  }
  // depth[i] = how many folders label source i (0: its stem only).
  std::vector<std::size_t> depth(paths.size());
  const auto label = [&](std::size_t i) {
    const std::string stem = paths[i].stem().string();
    const std::size_t d = std::min(depth[i], folders[i].size());
    if (d == 0) return stem;
    std::string out;
    for (std::size_t k = d; k-- > 0;) out += (out.empty() ? "" : "/") + folders[i][k];
    return stem == "samples" ? out : out + "/" + stem;
  };
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (paths[i].stem() == "samples" && !folders[i].empty()) depth[i] = 1;
  }
  // Deepen every label of a group that repeats, while any of them can go deeper.
  for (bool changed = true; changed;) {
    changed = false;
    std::map<std::string, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < paths.size(); ++i) groups[label(i)].push_back(i);
    for (const auto& [text, members] : groups) {
      if (members.size() < 2) continue;
      for (std::size_t i : members) {
        if (depth[i] < folders[i].size()) {
          ++depth[i];
          changed = true;
        }
      }
    }
  }
  std::vector<std::string> out;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::string text = label(i);
    const std::size_t n = ++seen[text];
    out.push_back(n == 1 ? text : fmt::format("{} #{}", text, n));
  }
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
