#pragma once
// The answer /ws/frames sends for each frame, as JSON text or a msgpack map, with the frame's
// id, its status and the server's stage timings (ms), optionally padded to a fixed size (the
// users' 310 KB point clouds). Beast-free. The shape (docs/ws_frames.md):
//   {"type":"result","frame_id":7,"status":"processed","timing":{"parse":0.01,"queue":0.2,
//    "warmup":0,"decode":1.2,"infer":40,"post":0.2,"total":41.8},"width":640,"height":480}
// plus "error" (why, for undecodable and bad_frame), "reason" (dropped) and "payload".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/duration.hpp"
#include "server/processing_model.hpp"
#include "server/ws_frames_options.hpp"

namespace latbench::server {

// processed: went through the model. dropped: the queue was full (drop policy). undecodable:
// the JPEG did not decode. bad_frame: the message was not a frame of the configured framing.
enum class FrameStatus { processed, dropped, undecodable, bad_frame };
std::string_view frame_status_name(FrameStatus status);
// The HTTP status an upload in the same state gets (200, 503, 422, 400), for the access log.
int frame_status_code(FrameStatus status);

// parse: taking the JPEG out of the message; queue: arrival to the start of processing;
// warmup/decode/infer/post: the processing model; total: arrival to the answer being encoded.
struct FrameTimings {
  Nanos parse{0};
  Nanos queue{0};
  Nanos warmup{0};
  Nanos decode{0};
  Nanos infer{0};
  Nanos post{0};
  Nanos total{0};
};

struct FrameAnswer {
  std::uint64_t frame_id = 0;
  FrameStatus status = FrameStatus::processed;
  FrameTimings timing;
  ImageShape shape;         // 0x0 unless processed
  std::string_view detail;  // error (undecodable, bad_frame) or reason (dropped)
};

// The message. Only a processed frame's answer is padded: with answer_bytes > 0 a "payload"
// field makes it exactly answer_bytes long when the unpadded answer is shorter (a msgpack bin's
// length prefix grows at 256 and 65536 bytes, so a few sizes near those are missed by 1-2 bytes).
std::string encode_frame_answer(const FrameAnswer& answer, AnswerFormat format,
                                std::size_t answer_bytes);

}  // namespace latbench::server
