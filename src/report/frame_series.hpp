#pragma once
// The frames of a WebSocket run (samples with transport "ws") as the frame plots need them, and
// the numbers those plots draw: answered frames per second of answer time and the frame clock's
// gaps (skipped frames leave no line, only a longer wait between two sends).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace latbench::report {

// How a frame ended: answered (status 101), timed out (its RTT is the time waited), or failed
// otherwise (closed, protocol, unmatched: no answer, its RTT is when it ended).
enum class FrameOutcome : std::uint8_t { answered, timeout, failed };

struct FramePoint {
  double intended_ms = 0;  // the frame clock's send time, from the run's start
  double start_ms = 0;     // the send really started
  double rtt_ms = 0;       // total_ms: send start to answer (or to the timeout / the error)
  FrameOutcome outcome = FrameOutcome::answered;
  std::uint64_t device = 0;
  std::uint64_t pending = 0;  // frames of the session awaiting an answer at this send
};

struct FrameRun {
  std::vector<FramePoint> frames;          // file order
  std::optional<double> target_per_s;      // the run's intended frames/s (all devices); none: closed loop
  std::optional<std::uint64_t> skipped;    // frames the clock skipped, when the run's summary says
};

// Answered frames per whole second of answer time (start_ms + rtt_ms): element k counts the
// answers in [k s, k+1 s), from second 0 to the last answer's second. Empty without an answer.
std::vector<std::size_t> answered_per_second(const std::vector<FramePoint>& frames);

// The frames that follow a gap in their device's frame clock: the send before them (same device)
// was due more than 1.5 of the device's median interval earlier. Indices into `frames`, ascending.
std::vector<std::size_t> clock_gaps(const std::vector<FramePoint>& frames);

// The run's intended rate and skipped frames from `summary` (a run folder's summary.json:
// run.rate.intended_per_s when > 0, run.requests.skipped_frames) into `run`. A missing or
// unreadable file, or a member that is not a number, leaves the fields unset: the plots then
// omit the target line and the skipped count, they do not fail.
void read_frame_run_summary(const std::filesystem::path& summary, FrameRun& run);

}  // namespace latbench::report
