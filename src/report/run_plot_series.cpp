#include "report/run_plot_series.hpp"

#include <fmt/format.h>

#include <limits>
#include <map>

#include "core/text.hpp"
#include "report/plot_data.hpp"
#include "samples/reader.hpp"
#include "samples/series.hpp"

namespace latbench::report {
namespace {


PlotSeries named(std::string name, std::size_t n) {
  PlotSeries s;
  s.name = std::move(name);
  s.unit = "ms";
  s.values.assign(n, k_nan);
  return s;
}

PointFlags flags_of(const samples::Sample& s) {
  PointFlags flags;
  flags.warmup = s.warmup;
  if (s.error == samples::ErrorClass::timeout) flags.status = PointStatus::timeout;
  else if (s.error != samples::ErrorClass::none) flags.status = PointStatus::error;
  return flags;
}

FrameOutcome outcome_of(const samples::Sample& s) {
  if (s.status == 101 && s.error == samples::ErrorClass::none) return FrameOutcome::answered;
  return s.error == samples::ErrorClass::timeout ? FrameOutcome::timeout : FrameOutcome::failed;
}

// The file's frames (HTTP uploads in the same file are not frames and are left out), or none.
std::optional<FrameRun> frames_of(const std::vector<samples::Sample>& requests, const std::filesystem::path& summary) {
  FrameRun run;
  for (const samples::Sample& s : requests) {
    if (!s.ws || s.ws->down) continue;  // a pushed frame has no send or answer
    run.frames.push_back({s.intended_start_ms, s.start_ms, s.total_ms, outcome_of(s), s.device, s.ws->pending});
  }
  if (run.frames.empty()) return std::nullopt;
  read_frame_run_summary(summary, run);
  return run;
}

std::optional<ViewerRun> viewer_of(const std::vector<samples::Sample>& requests, const std::filesystem::path& summary) {
  ViewerRun run;
  for (const samples::Sample& s : requests) {
    if (!s.ws || !s.ws->down) continue;
    run.frames.push_back({s.ws->down->arrival_ms, s.ws->down->frame_age_ms, s.ws->down->gap_ms, s.device});
    run.viewers = std::max<std::size_t>(run.viewers, s.device + 1);
  }
  if (run.frames.empty()) return std::nullopt;
  read_viewer_run_summary(summary, run);
  return run;
}

}  // namespace

Result<RecordedRun> read_recorded_run(const std::filesystem::path& path) {
  auto read = samples::read_samples_file(path);
  if (!read) return read.error();
  const std::vector<samples::Sample>& requests = read->samples;
  RecordedRun run;
  run.name = path.stem().string();
  run.skipped = read->skipped;
  if (requests.empty()) {
    return input_error(fmt::format("{}: no samples (expected JSON lines with \"total_ms\", as written by "
                                   "'latbench run'){}", path.string(),
                                   run.skipped.lines ? ", " + counted(run.skipped.lines, "malformed line") : ""));
  }

  const std::size_t n = requests.size();
  run.total = named("total", n);
  run.total.flags.resize(n);
  samples::SeriesBuilder builder;
  bool any_server = false;
  std::vector<std::string> stage_order;  // first-seen order, as the server sends them
  std::map<std::string, std::size_t> stage_index;
  for (std::size_t i = 0; i < n; ++i) {
    const samples::Sample& s = requests[i];
    builder.add(s);
    run.total.values[i] = s.total_ms;
    run.total.flags[i] = flags_of(s);
    // The stack is the server's processing plus network + overhead (which holds `recv`, the
    // body's transfer): the rule of samples/server_stages.hpp, so the bands add up to total.
    for (const auto& m : s.server)
      if (m.name != "total" && m.name != "recv" && stage_index.emplace(m.name, stage_order.size()).second)
        stage_order.push_back(m.name);
    any_server = any_server || s.server_processing_ms().has_value();
  }
  run.frames = frames_of(requests, path.parent_path() / "summary.json");
  run.viewer = viewer_of(requests, path.parent_path() / "summary.json");
  builder.for_each_series([&](Series&& s) {
    if (s.name == "total") {
      // Lines that could not be read are left out of total too: say so beside its own skips.
      s.skipped.lines += run.skipped.lines;
      for (const auto& [reason, count] : run.skipped.reasons) s.skipped.reasons[reason] += count;
      for (auto line : run.skipped.first_lines)
        if (s.skipped.first_lines.size() < 5) s.skipped.first_lines.push_back(line);
      run.statistics.insert(run.statistics.begin(), std::move(s));
    } else if (s.name == "server_total" || s.name == "network_overhead") {
      run.statistics.push_back(std::move(s));
    }
  });
  if (!any_server) return run;

  run.server = named("server processing", n);
  for (const auto& stage : stage_order) run.stages.push_back(named(stage, n));
  PlotSeries network = named("network + overhead", n);
  for (std::size_t i = 0; i < n; ++i) {
    const samples::Sample& s = requests[i];
    const auto processing = s.server_processing_ms();
    if (!processing) continue;
    run.server->values[i] = *processing;
    network.values[i] = s.total_ms - *processing;
    for (auto& stage : run.stages) stage.values[i] = 0;  // a stage the server did not send took no time
    for (const auto& m : s.server)
      if (m.name != "total" && m.name != "recv") run.stages[stage_index.at(m.name)].values[i] = m.dur_ms;
  }
  run.stages.push_back(std::move(network));
  return run;
}

}  // namespace latbench::report
