#pragma once
// `run --direction down` (issue 17): N viewer sessions on one single-threaded io_context, each
// opened as ws_session.hpp opens any (resolve, connect, TLS, upgrade), optionally sending one
// subscribe message after the upgrade, then receiving what the server pushes. Every message is
// read as a frame (frames/pushed_frame.hpp) and becomes one Sample (transport ws, direction
// down; docs/samples.md) handed to `on_frame` at once: nothing is kept per frame, so memory is
// one message per session (bounded by max_message) plus the id holes of frame_id_track.hpp.
// A viewer stops after frames_per_viewer frames (0: no count), every viewer at `duration`, on
// Ctrl-C, or when its session ends (counted by class: a close is data, not an error).
// A message that is not a frame of the framing is counted (undecodable), with the first error.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "client/clock_offset.hpp"
#include "client/run_config.hpp"
#include "core/duration.hpp"
#include "frames/framing.hpp"
#include "frames/pushed_frame.hpp"
#include "samples/record.hpp"

namespace latbench::client {

struct ViewerPlan {
  std::string url;                       // ws:// or wss:// (what is dialled: the link's port, if any)
  unsigned viewers = 1;
  std::uint64_t frames_per_viewer = 0;   // 0: until the duration
  std::optional<Nanos> duration;         // unset: until every viewer has its frames
  Nanos open_timeout = std::chrono::seconds(5);  // upgrade done within this, else the session fails (timeout)
  TlsOptions tls;
  ClockRelation clock = ClockRelation::same;
  std::string subscribe;                 // sent as a text message after the upgrade; empty: none
  frames::FramingSpec framing;
  frames::PushedFields fields;
  std::size_t max_message = 16u << 20;
};

struct ViewerCounters {
  std::uint64_t sessions = 0;           // opened (attempted)
  std::uint64_t upgraded = 0;           // of them, the upgrade succeeded
  std::map<std::string, std::uint64_t> ended;  // sessions that ended before the run, by class ("closed", ...)
  std::string first_end;                // the first such end's words
  std::uint64_t undecodable = 0;        // messages that were not frames
  std::string first_undecodable;        // the codec's words for the first
  std::uint64_t subscribe_bytes = 0;    // the subscribe messages, framing included
};

struct ViewerStats {
  ViewerCounters counters;
  Nanos elapsed{0};                     // first open to the end of receiving
  double cpu_user_s = 0, cpu_system_s = 0;
  int interrupt_level = 0;
  std::optional<double> clock_offset_ms;  // the last estimate, over the viewers (ClockRelation::estimated)
};

struct ViewerHooks {
  std::function<void(const samples::Sample&)> on_frame;  // every frame, in arrival order
  std::function<void(std::chrono::steady_clock::time_point)> on_tick;  // at least every 100 ms
  const std::atomic<int>* interrupt = nullptr;  // 1 or 2: stop receiving
};

// Throws latbench::Error (unreachable) when no session could connect at all (refused, unknown
// host, open timeout) as the upstream driver does, (usage) for a URL that is not ws:// or
// wss://, (input) for an unusable CA file.
ViewerStats run_viewers(const ViewerPlan& plan, const ViewerHooks& hooks);

}  // namespace latbench::client
