#pragma once
// The embedded reference server: a Boost.Beast HTTP/1.1 server that behaves like the users'
// FastAPI + YOLO service (POST /api/devices/file/image -> JSON of pending commands). Beast stays
// inside the .cpp files; this header is all `latbench run` and `latbench serve` need.
//
// Endpoints: POST /api/devices/file/image (raw image/jpeg, multipart/form-data with a file field,
// or JSON {"image":"<base64>"}; header X-Device-Id), POST /api/devices/{id}/commands,
// GET /healthz, GET /stats. Every response carries Server-Timing (recv, queue, decode, infer,
// post, total; ms) and X-Request-Id. GET /ws/frames upgrades to a WebSocket session that takes
// frames and answers each one (ws_frames_options.hpp, docs/ws_frames.md); GET /ws/stream upgrades
// to a viewer the server pushes camera frames to (stream_options.hpp, docs/ws_stream.md).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/duration.hpp"
#include "server/processing_model.hpp"
#include "server/stream_options.hpp"
#include "server/ws_frames_options.hpp"

namespace latbench::server {

// sync: read the body, process, then answer. async: read the body, enqueue it in a bounded
// queue, answer at once (a full queue drops the image and the answer says so).
enum class Mode { sync, async };
enum class LogFormat { uvicorn, jsonl };

struct ServerOptions {
  std::string bind = "127.0.0.1";   // never beyond loopback unless the user says --bind
  std::uint16_t port = 0;           // 0: an ephemeral port, read it back from port()
  Mode mode = Mode::sync;
  unsigned threads = 1;             // I/O threads (accept, parse, write); model work is separate
  // Where access lines go (uvicorn's format); empty: nowhere. Called from I/O threads, serialised.
  std::function<void(const std::string& line)> log_sink;

  // What each image costs (decode / infer / post, model slots, warm-up, seed): see
  // processing_model.hpp. `latbench run` passes --infer/--workers through here.
  ProcessingOptions processing;
  // async mode: images waiting for a model slot beyond this many are dropped (counted, 503).
  std::size_t queue_capacity = 50;
  LogFormat log_format = LogFormat::uvicorn;
  // /ws/frames sessions: their queue, policy, warm-up scope, answers and message limit. Their
  // idle timeout is idle_timeout (no frame for that long: close 1001), a write to a client that
  // does not read is cut after body_timeout.
  WsFramesOptions ws;
  // /ws/stream viewers: the camera, its rate and quality, the framing, each viewer's queue (the
  // same --queue and policy as ws), logging (stream_options.hpp, docs/ws_stream.md).
  WsStreamOptions stream;

  // Limits against bad or slow clients. A larger body is answered 413 and the connection closed.
  std::size_t max_body_bytes = 8u << 20;
  // A new connection's first request header is due header_timeout after accept (nginx's
  // client_header_timeout): late, 408 and close, or just close when not one byte came. A later
  // request's header is due header_timeout after its first byte, its body body_timeout after the
  // header; an idle keep-alive connection is closed after idle_timeout.
  Nanos header_timeout = std::chrono::seconds(10);
  Nanos body_timeout = std::chrono::seconds(30);
  Nanos idle_timeout = std::chrono::seconds(60);
  // At this many open connections a newcomer first evicts the connection idle the longest (one
  // waiting for its first or next request); when none is idle it is closed at once (rejected).
  // Memory is bounded by max_connections x (max_body_bytes + a few KiB) plus the async queue.
  std::size_t max_connections = 1024;
  // On stop(): how long in-flight requests (and, async, the queued images) may take to finish;
  // past it the simulated model time is cut short and the connections are cut.
  Nanos shutdown_grace = std::chrono::seconds(10);
};

// Counters a test or `GET /stats` can read at any time (monotonic since start, except the
// gauges connections_open and queue_depth).
struct ServerCounters {
  std::uint64_t connections_accepted = 0;
  std::uint64_t requests = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t connections_rejected = 0;  // over max_connections, none idle to evict
  std::uint64_t connections_evicted = 0;   // idle ones closed to make room for a newcomer
  std::uint64_t processed = 0;             // images that went through the processing model
  std::uint64_t dropped = 0;               // async mode: images dropped because the queue was full
  // Images that did not decode (422; in async mode found after the answer, so only counted).
  std::uint64_t undecodable = 0;
  std::uint64_t queue_depth = 0;           // images waiting for a model slot right now
  std::map<int, std::uint64_t> requests_by_status;  // HTTP status -> count

  // /ws/frames.
  std::uint64_t ws_sessions = 0;         // upgrades accepted
  std::uint64_t ws_sessions_open = 0;    // gauge
  std::uint64_t ws_frames = 0;           // messages read
  std::uint64_t ws_processed = 0;        // frames answered "processed"
  std::uint64_t ws_dropped = 0;          // drop policy, queue full
  std::uint64_t ws_undecodable = 0;      // the JPEG did not decode
  std::uint64_t ws_bad_frames = 0;       // the message was not a frame of the configured framing
  std::uint64_t ws_refused = 0;          // sessions failed by the peer: too big, protocol errors

  // /ws/stream (stream_hub.hpp's StreamTotals says what each counts).
  std::uint64_t stream_viewers = 0;
  std::uint64_t stream_viewers_open = 0;  // gauge
  std::uint64_t stream_produced = 0;
  std::uint64_t stream_sent = 0;
  std::uint64_t stream_dropped = 0;
};

class ReferenceServer {
 public:
  explicit ReferenceServer(ServerOptions options);
  ~ReferenceServer();  // stops and joins
  ReferenceServer(const ReferenceServer&) = delete;
  ReferenceServer& operator=(const ReferenceServer&) = delete;

  // Binds and starts serving on background threads. Throws latbench::Error (usage) when the
  // address cannot be bound, naming it.
  void start();
  // Stops accepting, lets in-flight requests finish (and, in async mode, the queued images)
  // within shutdown_grace, joins the threads. Idempotent.
  void stop();

  std::uint16_t port() const;
  ServerCounters counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace latbench::server
