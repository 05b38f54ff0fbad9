#pragma once
// What a `--direction down` run adds to its summary (text and summary.json "run.viewer"), tallied
// from the samples as they are written, so compare and gate, which read samples.jsonl, see the
// same frames; plus the viewer run's own counters (closes, undecodable messages):
//   received frames and fps per viewer, in total and per second of the run; frame-id gaps
//   (missing: ids between a session's first and highest that never came, frame_id_track.hpp),
//   duplicates and reordered frames; bytes per frame and bit rate; stalls (a gap longer than the
//   stall threshold, and the time since the last frame at the end when longer: count, longest,
//   total time); jitter, both definitions: RFC 3550's running estimate (J += (|D| - J) / 16 with
//   D the change in transit time, i.e. in frame age, between consecutive frames; the mean over
//   the viewers of each one's final J) and the standard deviation of the gaps; the gap and the
//   frame age quoted from the summary's series (gap, frame_age); the clock (same, or the offset
//   estimated and subtracted); and with an emulated link's down rate the capacity in frames per
//   second (rate / mean bytes per frame, WebSocket framing included) beside the achieved fps.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/frame_id_track.hpp"
#include "client/viewer_run.hpp"
#include "samples/record.hpp"
#include "stats/summary.hpp"

namespace latbench::app {

struct StallTally {
  std::uint64_t count = 0;
  double longest_ms = 0, total_ms = 0;
  void add(double ms) {
    ++count;
    longest_ms = std::max(longest_ms, ms);
    total_ms += ms;
  }
};

struct ViewerLine {
  std::uint64_t frames = 0, bytes = 0;
  double fps = 0;
  std::uint64_t missing = 0, duplicates = 0, reordered = 0;
  StallTally stalls;
  std::optional<double> jitter_ms;  // RFC 3550, final estimate; unset without timestamps
};

struct ViewerReport {
  std::string framing;
  unsigned viewers = 0;
  double elapsed_s = 0;
  double stall_threshold_ms = 0;
  std::vector<ViewerLine> per_viewer;
  std::uint64_t frames = 0, bytes = 0;
  double fps = 0;                          // received frames per second, all viewers
  std::vector<std::uint64_t> per_second;   // frames received in each second of the run, all viewers
  std::uint64_t missing = 0, duplicates = 0, reordered = 0;
  double bytes_per_frame = 0, bits_per_s = 0;
  StallTally stalls;
  std::optional<double> jitter_rfc3550_ms;  // mean over viewers with timestamps
  std::optional<double> gap_sd_ms;
  std::optional<stats::Stats> gap, age;     // the summary's gap and frame_age
  client::ClockRelation clock = client::ClockRelation::same;
  std::optional<double> clock_offset_ms;
  double link_down_bits_per_s = 0;          // 0: no emulated link, or no down rate
  std::optional<double> capacity_fps;       // link down rate / bytes per frame, per viewer
  client::ViewerCounters counters;
};

// Adds the frames one by one, in arrival order (samples with a ws.down).
class ViewerTally {
 public:
  ViewerTally(unsigned viewers, double stall_threshold_ms);
  void add(const samples::Sample& s);
  ViewerReport finish(std::string framing, double elapsed_s, const client::ViewerStats& stats,
                      client::ClockRelation clock, double link_down_bits_per_s,
                      const std::vector<stats::Summary>& summaries) const;

 private:
  struct State {
    ViewerLine line;
    client::FrameIdTrack ids;
    std::uint64_t session = 0;
    std::optional<double> last_arrival_ms, last_age_ms;
    double jitter = 0;
    bool has_jitter = false;
  };
  double m_stall_ms;
  std::vector<State> m_viewers;
  std::vector<std::uint64_t> m_per_second;
};

nlohmann::json viewer_json(const ViewerReport& v);
// Lines for the terminal, each ending in '\n'.
std::string format_viewer(const ViewerReport& v);

}  // namespace latbench::app
