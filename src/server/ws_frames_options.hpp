#pragma once
// What the reference server's WebSocket endpoint /ws/frames does with a session's frames, as
// `latbench serve` and a profile's server: section set it. Beast-free; the words of each enum
// are parsed and written in server_modes.hpp, the framing's in frames/framing.hpp.
#include <cstddef>

#include "frames/framing.hpp"

namespace latbench::server {

// A frame that arrives while the session's queue is full. drop: it is answered at once with
// status "dropped" and its frame id, and reading goes on (the users' "skip while busy").
// block: the session stops reading until a frame leaves the queue, so the client's sends wait
// in TCP (a backend that reads its next message only when it is ready).
enum class QueuePolicy { drop, block };

// Who pays the warm-up cost. session: every session's first processed frame (the users' backend
// that warmed its model on each connection). process: the first image of the server process,
// cached across reconnects (their fix).
enum class WarmupScope { session, process };

// json: one text message per answer. msgpack: one binary message holding a msgpack map.
enum class AnswerFormat { json, msgpack };

struct WsFramesOptions {
  // How a frame sits in a message (the client's --framing, --frame-header, --ws-message): by
  // default a binary message holding a bare JPEG.
  frames::FramingSpec framing;
  // Frames waiting per session behind the one being processed (0: none, a frame arriving while
  // one is processed is dropped or waits in the socket). Each session runs one frame at a time
  // on the model slots, so answers leave in arrival order (drop notices leave at once).
  std::size_t queue = 50;
  QueuePolicy policy = QueuePolicy::drop;
  WarmupScope warmup_scope = WarmupScope::session;
  AnswerFormat answer_format = AnswerFormat::json;
  // 0: answers carry no payload. Otherwise each processed frame's answer is padded with a
  // payload (a JSON string, a msgpack bin) to exactly this many bytes, or as near as the
  // encoding allows (like the users' 310 KB point clouds).
  std::size_t answer_bytes = 0;
  // A larger message fails the session: close 1009 (message too big), counted as refused. The
  // frames a session holds stop its reading at 4 x max_message_bytes, so its memory is bounded
  // by 5 x max_message_bytes plus the answers waiting to be written (64 at most).
  std::size_t max_message_bytes = 16u << 20;
};

}  // namespace latbench::server
