#include "server/stream_log.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "server/reference_server.hpp"

namespace latbench::server {
namespace {

using nlohmann::json;

json event(std::string_view name, const StreamViewerTag& v, double unix_s) {
  return {{"ts", unix_s}, {"event", name}, {"viewer", v.viewer}, {"client", v.client}};
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string stream_queued_line(LogFormat f, const StreamViewerTag& v, std::uint64_t frame_id, int quality,
                               double unix_s) {
  if (f == LogFormat::uvicorn) return fmt::format("INFO:     Frame {} queued (quality: {}%)", frame_id, quality);
  auto j = event("stream_queued", v, unix_s);
  j["frame_id"] = frame_id;
  j["quality"] = quality;
  return dump(j);
}

std::string stream_dropped_line(LogFormat f, const StreamViewerTag& v, std::uint64_t frame_id, double unix_s) {
  if (f == LogFormat::uvicorn) return fmt::format("WARNING:  Dropping frame {} - queue full", frame_id);
  auto j = event("stream_dropped", v, unix_s);
  j["frame_id"] = frame_id;
  j["reason"] = "queue full";
  return dump(j);
}

std::string stream_sent_line(LogFormat f, const StreamViewerTag& v, const StreamFrame& frame, const SentTimes& t,
                             double unix_s) {
  if (f == LogFormat::uvicorn)
    return fmt::format("INFO:     Frame {} sent to {} (quality: {}%, {} bytes, encode {:.3f}ms, queue {:.3f}ms, "
                       "send {:.3f}ms, age {:.3f}ms)",
                       frame.frame_id, v.client, frame.quality, frame.message.size(), to_ms(t.encode),
                       to_ms(t.queue), to_ms(t.send), to_ms(t.age));
  auto j = event("stream_sent", v, unix_s);
  j["frame_id"] = frame.frame_id;
  j["quality"] = frame.quality;
  j["bytes"] = frame.message.size();
  j["jpeg_bytes"] = frame.jpeg_bytes;
  j["stages_ms"] = {{"encode", to_ms(t.encode)}, {"queue", to_ms(t.queue)}, {"send", to_ms(t.send)},
                    {"age", to_ms(t.age)}};
  return dump(j);
}

std::string stream_depth_line(LogFormat f, const StreamViewerTag& v, std::size_t depth, std::size_t held_bytes,
                              double unix_s) {
  if (f == LogFormat::uvicorn)
    return fmt::format("INFO:     Queue size {} for {} (held {} bytes)", depth, v.client, held_bytes);
  auto j = event("stream_depth", v, unix_s);
  j["depth"] = depth;
  j["held_bytes"] = held_bytes;
  return dump(j);
}

std::string stream_close_line(LogFormat f, const StreamViewerTag& v, const ViewerQueue::Counts& c,
                              std::string_view why, double unix_s) {
  if (f == LogFormat::uvicorn)
    return fmt::format("INFO:     Stream {} closed: produced {}, sent {}, dropped {}, abandoned {}, max depth {}, "
                       "max held {} bytes ({})",
                       v.client, c.produced, c.sent, c.dropped, c.abandoned, c.max_depth, c.max_held_bytes, why);
  auto j = event("stream_close", v, unix_s);
  j["produced"] = c.produced;
  j["sent"] = c.sent;
  j["dropped"] = c.dropped;
  j["abandoned"] = c.abandoned;
  j["bytes_sent"] = c.bytes_sent;
  j["max_depth"] = c.max_depth;
  j["max_held_bytes"] = c.max_held_bytes;
  j["why"] = why;
  return dump(j);
}

std::string stream_message_line(LogFormat f, const StreamViewerTag& v, std::string_view text, double unix_s) {
  // At most 200 characters of it: the log is not the place for a large message.
  const std::string shown(text.substr(0, 200));
  if (f == LogFormat::uvicorn)
    return dump(json(shown)).insert(0, fmt::format("INFO:     {} - message ignored (the stream starts at the upgrade): ", v.client));
  auto j = event("stream_message", v, unix_s);
  j["text"] = shown;
  j["bytes"] = text.size();
  return dump(j);
}

}  // namespace latbench::server
