// decode_frame (framing.hpp): a frame back from its message, for the server's /ws/frames.
#include <cmath>

#include <fmt/format.h>

#include "core/base64.hpp"
#include "frames/framing.hpp"
#include "frames/message_members.hpp"

namespace latbench::frames {
namespace {

constexpr std::string_view k_image_key = "image";

Result<DecodedFrame> decode_binary(const FramingSpec& spec, std::string_view message) {
  DecodedFrame frame;
  if (!spec.header) {
    frame.set_view(message);
    return frame;
  }
  const HeaderLayout& layout = *spec.header;
  auto values = unpack_header(layout, message);
  if (!values) return values.error();
  const std::string_view payload = message.substr(layout.size());
  for (const auto& [name, value] : *values) {
    const double d = as_double(value);
    if (name == "frame_id") {
      const auto* u = std::get_if<std::uint64_t>(&value);
      const auto* i = std::get_if<std::int64_t>(&value);
      if (u) frame.frame_id = *u;
      else if (i && *i >= 0) frame.frame_id = static_cast<std::uint64_t>(*i);
      else if (!u && !i && d >= 0 && d < 1.8e19 && d == std::floor(d)) frame.frame_id = static_cast<std::uint64_t>(d);
      else return input_error(fmt::format("header field frame_id = {}: expected a non-negative integer", d));
    } else if (name == "timestamp_ms") {
      frame.timestamp_ms = d;
    } else if (name == "timestamp") {
      if (!frame.timestamp_ms) frame.timestamp_ms = d * 1000.0;
    } else if (name == "device") {
      frame.device = fmt::format("{}", d);
    } else if (name == "length") {
      if (d != static_cast<double>(payload.size()))
        return input_error(fmt::format("header field length = {}, but {} bytes follow the {}-byte header",
                                       d, payload.size(), layout.size()));
    } else {
      frame.fields.emplace_back(name, d);
    }
  }
  frame.set_view(payload);
  return frame;
}

// The members both map framings share, into `frame`.
Result<bool> read_common(const std::vector<Member>& members, DecodedFrame& frame) {
  if (const auto* v = find_member(members, "frame_id")) {
    if (v->kind != MemberValue::Kind::integer || !v->is_unsigned)
      return input_error("frame_id: expected a non-negative integer");
    frame.frame_id = v->unsigned_value;
  }
  if (const auto* v = find_member(members, "timestamp_ms")) {
    if (v->kind != MemberValue::Kind::integer && v->kind != MemberValue::Kind::number)
      return input_error("timestamp_ms: expected a number");
    frame.timestamp_ms = v->number;
  }
  if (const auto* v = find_member(members, "device")) {
    if (v->kind == MemberValue::Kind::string) frame.device = std::string(v->text());
    else if (v->kind == MemberValue::Kind::integer) frame.device = fmt::format("{}", v->number);
    else return input_error("device: expected a string or an integer");
  }
  return true;
}

Result<DecodedFrame> decode_json(const FramingSpec& spec, std::string_view message) {
  const std::string_view image_key =
      spec.json_template.image_key().empty() ? k_image_key : std::string_view(spec.json_template.image_key());
  auto members = read_json_members(message, {"frame_id", "timestamp_ms", "device", image_key});
  if (!members) return members.error();
  DecodedFrame frame;
  if (auto r = read_common(*members, frame); !r) return r.error();
  const MemberValue* image = find_member(*members, image_key);
  if (image == nullptr || image->kind != MemberValue::Kind::string)
    return input_error(fmt::format("{}: expected a string with the base64 JPEG", image_key));
  std::string_view text = image->text();
  // A data URL ("data:image/jpeg;base64,...") carries the base64 after its first comma.
  if (text.substr(0, 5) == "data:") {
    const std::size_t comma = text.find(',');
    if (comma == std::string_view::npos || text.substr(0, comma).find(";base64") == std::string_view::npos)
      return input_error(fmt::format("{}: a data URL without ';base64,'", image_key));
    text.remove_prefix(comma + 1);
  }
  std::string& out = frame.decoded_storage();
  out.reserve(text.size() / 4 * 3 + 2);
  if (auto r = base64_decode_append(out, text); !r)
    return input_error(fmt::format("{}: {}", image_key, r.error().what()));
  return frame;
}

Result<DecodedFrame> decode_msgpack(std::string_view message) {
  auto members = read_msgpack_members(message, {"frame_id", "timestamp_ms", "device", k_image_key});
  if (!members) return members.error();
  DecodedFrame frame;
  if (auto r = read_common(*members, frame); !r) return r.error();
  const MemberValue* image = find_member(*members, k_image_key);
  if (image == nullptr || image->kind != MemberValue::Kind::binary)
    return input_error("image: expected bin with the JPEG");
  frame.set_view(image->text());
  return frame;
}

}  // namespace

Result<DecodedFrame> decode_frame(const FramingSpec& spec, std::string_view message, MessageKind kind) {
  switch (spec.framing) {
    case Framing::binary:
      if (kind != MessageKind::binary) return input_error("a text message, expected a binary frame");
      return decode_binary(spec, message);
    case Framing::base64_json: return decode_json(spec, message);
    case Framing::msgpack:
      if (kind != MessageKind::binary) return input_error("a text message, expected a binary msgpack frame");
      return decode_msgpack(message);
  }
  return input_error("unknown framing");
}

}  // namespace latbench::frames
