#include "server/ws_frame_input.hpp"

#include <fmt/format.h>

namespace latbench::server {

Result<bool> take_frame(PendingFrame& frame, MessageKind kind) {
  if (kind == MessageKind::text)
    return input_error(fmt::format(
        "a text message ({} bytes) is not a frame: frames are binary messages holding a JPEG",
        frame.message.size()));
  frame.jpeg = frame.message;
  return true;
}

}  // namespace latbench::server
