#pragma once
// The frames a `--direction down` run's viewers received (samples with direction "down") as the
// viewer plots need them: received frames per second, frame age and inter-arrival gap over time.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace latbench::report {

struct ViewerPoint {
  double arrival_ms = 0;  // since the run's start
  std::optional<double> age_ms, gap_ms;
  std::uint64_t viewer = 0;
};

struct ViewerRun {
  std::vector<ViewerPoint> frames;       // file order (arrival order)
  std::optional<double> capacity_fps;    // the link's capacity per viewer, when the summary says
  std::optional<double> stall_ms;        // the stall threshold, when the summary says
  std::size_t viewers = 0;
};

// Frames received in each whole second of arrival time: element k counts [k s, k+1 s), from 0 to
// the last frame's second.
std::vector<std::size_t> received_per_second(const std::vector<ViewerPoint>& frames);

// run.viewer.capacity.fps and run.viewer.stall_threshold_ms of a run folder's summary.json into
// `run`; a missing file or member leaves them unset (the plots omit those lines).
void read_viewer_run_summary(const std::filesystem::path& summary, ViewerRun& run);

}  // namespace latbench::report
