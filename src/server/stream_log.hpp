#pragma once
// Log lines of /ws/stream. uvicorn format: the users' streaming servers' own words (seed 001),
// so their grep and latbench analyze's samples/ws_stream*.format.yaml read them:
//   INFO:     Frame 17 queued (quality: 80%)
//   WARNING:  Dropping frame 17 - queue full
// and ours beside them: a frame written (its stages), the queue's size once a second, and the
// viewer's counts when it leaves:
//   INFO:     Frame 17 sent to 127.0.0.1:5555 (quality: 80%, 45123 bytes, encode 3.210ms, queue 120.400ms, send 1.100ms, age 125.000ms)
//   INFO:     Queue size 12 for 127.0.0.1:5555 (held 540123 bytes)
//   INFO:     Stream 127.0.0.1:5555 closed: produced 300, sent 250, dropped 50, abandoned 0, max depth 50, max held 2301234 bytes
// jsonl: one object per event, "stream_queued", "stream_dropped", "stream_sent", "stream_depth",
// "stream_close", each with "viewer" (the upgrade's request id).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/duration.hpp"
#include "server/viewer_queue.hpp"

namespace latbench::server {

enum class LogFormat;

struct StreamViewerTag {
  std::uint64_t viewer = 0;  // the upgrade request's id
  std::string_view client;   // "127.0.0.1:5555"
};

struct SentTimes {
  Nanos encode{0};
  Nanos queue{0};  // produced -> its write began
  Nanos send{0};   // the write itself
  Nanos age{0};    // captured -> written
};

std::string stream_queued_line(LogFormat f, const StreamViewerTag& v, std::uint64_t frame_id, int quality,
                               double unix_s);
std::string stream_dropped_line(LogFormat f, const StreamViewerTag& v, std::uint64_t frame_id, double unix_s);
std::string stream_sent_line(LogFormat f, const StreamViewerTag& v, const StreamFrame& frame, const SentTimes& t,
                             double unix_s);
std::string stream_depth_line(LogFormat f, const StreamViewerTag& v, std::size_t depth, std::size_t held_bytes,
                              double unix_s);
std::string stream_close_line(LogFormat f, const StreamViewerTag& v, const ViewerQueue::Counts& c,
                              std::string_view why, double unix_s);
// A message the viewer sent (a subscribe message), accepted and ignored.
std::string stream_message_line(LogFormat f, const StreamViewerTag& v, std::string_view text, double unix_s);

}  // namespace latbench::server
