#pragma once
// What a WebSocket frames run adds to its summary (text and summary.json "frames"), computed from
// the samples as they are written (so compare and gate, which read samples.jsonl, see the same
// frames) plus the driver's skipped frames and the transport's counters:
//   frames sent / answered / timed out / skipped; answered frames per second of the run against
//   the target rate; bytes per frame and bit rate both ways; the warm-up (a session's first
//   answer after its upgrade, per session); the pending frames when each frame was sent; sessions,
//   reconnects and the transport's message counters. RTT and the latency from the intended send
//   are the summary's own series (total, latency_from_intended), quoted here.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "client/ws_transport.hpp"
#include "samples/record.hpp"
#include "stats/summary.hpp"

namespace latbench::app {

struct FramesReport {
  std::string framing;               // binary | base64-json | msgpack
  std::uint64_t frames = 0;          // measured frames that ended (a line each in samples.jsonl)
  std::uint64_t answered = 0;        // of them, answered (error none)
  std::uint64_t timed_out = 0;       // of them, error timeout
  std::uint64_t skipped = 0;         // not sent: max_in_flight were pending (no line)
  double elapsed_s = 0;
  double answered_fps = 0;           // answered / elapsed_s, all devices
  double target_fps = 0;             // rate x devices; 0 in closed loop
  double bytes_up_per_frame = 0, bytes_down_per_frame = 0;  // WebSocket framing included
  double bits_up_per_s = 0, bits_down_per_s = 0;
  double jpeg_bytes_mean = 0;
  std::vector<double> first_answer_ms;  // one per session that got an answer
  std::map<std::uint64_t, std::uint64_t> pending;  // frames pending when sent -> frames
  client::WsCounters counters;
  std::optional<stats::Stats> rtt, from_intended;  // the summary's total and latency_from_intended
};

// Adds the measured frames one by one (warm-up frames are not passed).
class FramesTally {
 public:
  void add(const samples::Sample& s);
  // The report, given what the samples do not carry.
  FramesReport finish(std::string framing, std::uint64_t skipped, double elapsed_s, double target_fps,
                      double jpeg_bytes_mean, const client::WsCounters& counters,
                      const std::vector<stats::Summary>& summaries) const;

 private:
  FramesReport m_report;
  std::uint64_t m_bytes_up = 0, m_bytes_down = 0;
};

nlohmann::json frames_json(const FramesReport& f);
// Lines for the terminal, each ending in '\n'.
std::string format_frames(const FramesReport& f);

}  // namespace latbench::app
