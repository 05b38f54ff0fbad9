#pragma once
// How a camera frame travels in one WebSocket message, both ways: the client encodes, the
// server decodes. Three framings, as our users' browsers and devices send them:
//   binary       the JPEG, optionally behind a fixed header (header_layout.hpp);
//   base64_json  a text message from a template (message_template.hpp);
//   msgpack      a map {"frame_id": uint, "timestamp_ms": float64, "device": str, "image": bin}.
// Pure functions: no I/O, no WebSocket library.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "frames/header_layout.hpp"
#include "frames/message_template.hpp"

namespace latbench::frames {

enum class Framing { binary, base64_json, msgpack };

// "binary" | "base64-json" | "msgpack" (also "base64_json"). Errors (usage) list the three.
Result<Framing> parse_framing(std::string_view name);
std::string_view framing_name(Framing framing);

// WebSocket's two message types (RFC 6455 opcodes 0x1 and 0x2).
enum class MessageKind { binary, text };

struct FramingSpec {
  Framing framing = Framing::binary;
  std::optional<HeaderLayout> header;  // binary only: the header before the JPEG
  MessageTemplate json_template;       // base64_json only
};

// The spec from its parts as a user gives them: `header_spec` ("" for none; binary only) and
// `json_template` ("" for k_default_json_template; base64_json only). Errors (usage) name the
// part ("header: position 2: ...", "template: position 7: ...") or a part given for the wrong
// framing.
Result<FramingSpec> make_framing_spec(Framing framing, std::string_view header_spec,
                                      std::string_view json_template);

// What a frame says about itself.
struct FrameFields {
  std::uint64_t frame_id = 0;
  double timestamp_ms = 0;  // the sender's clock, milliseconds (Unix epoch for ours)
  std::string device;       // its name; a binary header's numeric `device` field gets device_index
  std::uint32_t device_index = 0;
};

struct Message {
  std::string bytes;
  MessageKind kind = MessageKind::binary;
};

// The message carrying `jpeg`, built in one pass (reserved once). A binary header's well-known
// fields: frame_id, timestamp (seconds), timestamp_ms, length (= jpeg.size()), device
// (= device_index). Errors (usage): the header names a field a frame has no value for, or a value
// does not fit its code (see pack_header).
Result<Message> encode_frame(const FramingSpec& spec, const FrameFields& fields, std::string_view jpeg);

struct DecodedFrame {
  std::optional<std::uint64_t> frame_id;
  std::optional<double> timestamp_ms;  // from timestamp_ms, or a header's timestamp (s) x 1000
  std::optional<std::string> device;
  std::vector<std::pair<std::string, double>> fields;  // a header's other numeric fields

  // The JPEG: a view into the message (binary, msgpack) or into this frame's own decoded copy
  // (base64_json). Valid while both live.
  std::string_view jpeg() const { return m_owns ? std::string_view(m_decoded) : m_view; }
  void set_view(std::string_view v) { m_view = v; m_owns = false; }
  std::string& decoded_storage() { m_owns = true; return m_decoded; }

 private:
  std::string_view m_view;
  std::string m_decoded;
  bool m_owns = false;
};

// The frame in `message`. Never throws; errors (input) say where and what was expected:
// a message shorter than the header, a `length` field that disagrees with the bytes after the
// header, a text message where binary was expected (and for msgpack), JSON or msgpack that is not
// an object with the image (base64_json: the template's image key, else "image"; msgpack:
// "image" as bin), base64 that does not decode, a frame_id that is not a non-negative integer.
// base64_json accepts either message kind (some clients send JSON as binary).
Result<DecodedFrame> decode_frame(const FramingSpec& spec, std::string_view message, MessageKind kind);

}  // namespace latbench::frames
