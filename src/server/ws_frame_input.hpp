#pragma once
// Takes the JPEG (and the frame's own id, when its framing carries one) out of one /ws/frames
// message. Beast-free. Until the server reads the frames codec's framings, a frame is a binary
// message holding a bare JPEG; a text message is not a frame.
#include <string_view>

#include "core/error.hpp"
#include "server/ws_frame_queue.hpp"

namespace latbench::server {

enum class MessageKind { text, binary };

// Fills frame.jpeg (a view into frame.message or frame.jpeg_storage) and frame.frame_id (left
// as it is when the frame carries no id). An input Error says why the message is not a frame.
Result<bool> take_frame(PendingFrame& frame, MessageKind kind);

}  // namespace latbench::server
