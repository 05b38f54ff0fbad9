#pragma once
// What the reference server's /ws/stream endpoint pushes to each viewer, as `latbench serve` and
// a profile's server: section set it (docs/ws_stream.md). Beast-free. The queue and its policy
// are the server's --queue / --queue-policy, meaning the same per viewer as per /ws/frames session.
#include <cstddef>
#include <string>
#include <vector>

#include "frames/framing.hpp"
#include "server/ws_frames_options.hpp"

namespace latbench::server {

// The 16-byte header of the users' optimized server (frame id, capture time in s, JPEG length).
inline constexpr const char* k_default_stream_header = "!IdI:frame_id,timestamp,length";

// One step of --adaptive-quality: a viewer whose queue holds at least `depth` frames gets its
// next frame at `quality`.
struct QualityStep {
  std::size_t depth = 0;
  int quality = 80;
  friend bool operator==(const QualityStep&, const QualityStep&) = default;
};

struct WsStreamOptions {
  double fps = 30;          // the camera's frame rate (frames produced per second)
  int quality = 80;         // JPEG quality when no adaptive step applies
  // vga | hd | fullhd | WxH (the synthesized camera scene) or a folder / file of JPEGs, decoded
  // once and re-encoded per frame.
  std::string image = "vga";
  std::vector<QualityStep> adaptive;  // empty: always `quality`
  // Frames produced between two logged ones (frame_id % log_every == 0); 1: every frame (the
  // users' logging storm); 0: none. Drops are counted whatever this says.
  std::size_t log_every = 100;
  // binary (behind k_default_stream_header unless a header is given: the hub adds it),
  // base64-json or msgpack.
  frames::FramingSpec framing;
  std::size_t queue = 50;   // per viewer; 0 is taken as 1 (a frame waits for its own write)
  QueuePolicy policy = QueuePolicy::drop;
};

}  // namespace latbench::server
