#pragma once
// Takes the JPEG (and what the frame says about itself: its id, its device) out of one
// /ws/frames message, in the framing the server was told (frames/framing.hpp: binary with an
// optional struct-notation header, base64-json from a template, msgpack). Beast-free.
#include "core/error.hpp"
#include "frames/framing.hpp"
#include "server/ws_frame_queue.hpp"

namespace latbench::server {

// Fills frame.decoded, frame.jpeg (a view into frame.message or frame.decoded), frame.frame_id
// (left as it is when the frame carries no id) and frame.device. An input Error says why the
// message is not a frame of `spec` (the codec's words).
Result<bool> take_frame(PendingFrame& frame, const frames::FramingSpec& spec,
                        frames::MessageKind kind);

}  // namespace latbench::server
