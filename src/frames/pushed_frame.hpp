#pragma once
// A frame a server pushes to a viewer (issue 17, `run --direction down`), read back for what a
// viewer measures: its id, the sender's timestamp and the JPEG's size. The framing is the
// upstream one (framing.hpp); `PushedFields` renames the members a text or msgpack frame carries
// when the user's server names them otherwise (`ws_field frame_id=id,timestamp=ts`), and the
// header fields of a binary frame the same way. Pure functions, as the rest of frames/.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "frames/framing.hpp"

namespace latbench::frames {

// Which member (JSON / msgpack) or header field holds what. `timestamp` is in seconds (Python's
// time.time(), the header of the users' servers), `timestamp_ms` in milliseconds; when both are
// named, timestamp_ms wins.
struct PushedFields {
  std::string frame_id = "frame_id";
  std::string timestamp = "timestamp";
  std::string timestamp_ms = "timestamp_ms";
  std::string image = "image";  // JSON: a base64 string or data URL; msgpack: bin (or str)
};

// "frame_id=id,timestamp=ts,timestamp_ms=t,image=jpg" (any subset, in any order; "" keeps the
// defaults). Errors (usage) name the item and list the four names.
Result<PushedFields> parse_pushed_fields(std::string_view text);

struct PushedFrame {
  std::optional<std::uint64_t> frame_id;
  std::optional<double> timestamp_ms;  // the sender's clock (Unix epoch ms for ours)
  std::size_t jpeg_bytes = 0;          // the image's bytes (base64 decoded: what a viewer pays)
};

// The frame in `message`. Never throws; errors (input) say what was expected: as decode_frame
// for binary (a short message, a `length` that disagrees), a JSON / msgpack message that is not
// an object with the image, base64 that does not decode, a frame id that is not a non-negative
// integer or a timestamp that is not a number. A JSON frame may come as either message kind.
Result<PushedFrame> read_pushed_frame(const FramingSpec& spec, const PushedFields& fields, std::string_view message,
                                      MessageKind kind);

}  // namespace latbench::frames
