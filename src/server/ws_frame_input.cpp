#include "server/ws_frame_input.hpp"

namespace latbench::server {

Result<bool> take_frame(PendingFrame& frame, const frames::FramingSpec& spec,
                        frames::MessageKind kind) {
  auto decoded = frames::decode_frame(spec, frame.message, kind);
  if (!decoded) return decoded.error();
  frame.decoded = std::move(decoded).take();
  // After the move: a base64 frame's JPEG lives in frame.decoded's own storage.
  frame.jpeg = frame.decoded.jpeg();
  if (frame.decoded.frame_id) frame.frame_id = *frame.decoded.frame_id;
  if (frame.decoded.device) frame.device = *frame.decoded.device;
  return true;
}

}  // namespace latbench::server
