#include "frames/pushed_frame.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/base64.hpp"
#include "frames/message_members.hpp"

namespace latbench::frames {
namespace {

std::optional<std::uint64_t> whole_id(double d) {
  if (d >= 0 && d < 1.8e19 && d == std::floor(d)) return static_cast<std::uint64_t>(d);
  return std::nullopt;
}

// decode_frame reads the well-known header names; a renamed field is among its other fields.
Result<PushedFrame> read_binary(const FramingSpec& spec, const PushedFields& names, std::string_view message) {
  auto decoded = decode_frame(spec, message, MessageKind::binary);
  if (!decoded) return decoded.error();
  PushedFrame frame;
  frame.frame_id = decoded->frame_id;
  frame.timestamp_ms = decoded->timestamp_ms;
  frame.jpeg_bytes = decoded->jpeg().size();
  bool ms_given = false;  // a milliseconds field wins over a seconds one, in either order
  for (const auto& [name, value] : decoded->fields) {
    if (name == names.frame_id) {
      frame.frame_id = whole_id(value);
      if (!frame.frame_id)
        return input_error(fmt::format("header field {} = {}: expected a non-negative integer", name, value));
    } else if (name == names.timestamp_ms) {
      frame.timestamp_ms = value;
      ms_given = true;
    } else if (name == names.timestamp && !ms_given) {
      frame.timestamp_ms = value * 1000.0;
    }
  }
  return frame;
}

// The bytes an image member stands for: a base64 string (or data URL) is decoded, as a viewer
// must before it can show the frame; a msgpack bin is its length.
Result<std::size_t> image_bytes(const MemberValue& image, std::string_view key, std::string& scratch) {
  if (image.kind == MemberValue::Kind::binary) return image.text().size();
  if (image.kind != MemberValue::Kind::string)
    return input_error(fmt::format("{}: expected a string with the base64 JPEG (or msgpack bin)", key));
  std::string_view text = image.text();
  if (text.substr(0, 5) == "data:") {
    const std::size_t comma = text.find(',');
    if (comma == std::string_view::npos || text.substr(0, comma).find(";base64") == std::string_view::npos)
      return input_error(fmt::format("{}: a data URL without ';base64,'", key));
    text.remove_prefix(comma + 1);
  }
  scratch.clear();
  if (auto r = base64_decode_append(scratch, text); !r) return input_error(fmt::format("{}: {}", key, r.error().what()));
  return scratch.size();
}

Result<PushedFrame> read_map(const std::vector<Member>& members, const PushedFields& names) {
  PushedFrame frame;
  if (const auto* v = find_member(members, names.frame_id)) {
    if (v->kind != MemberValue::Kind::integer || !v->is_unsigned)
      return input_error(fmt::format("{}: expected a non-negative integer frame id", names.frame_id));
    frame.frame_id = v->unsigned_value;
  }
  auto number = [](const MemberValue* v) {
    return v && (v->kind == MemberValue::Kind::integer || v->kind == MemberValue::Kind::number);
  };
  if (const auto* v = find_member(members, names.timestamp_ms)) {
    if (!number(v)) return input_error(fmt::format("{}: expected a number (ms)", names.timestamp_ms));
    frame.timestamp_ms = v->number;
  } else if (const auto* s = find_member(members, names.timestamp)) {
    if (!number(s)) return input_error(fmt::format("{}: expected a number (seconds)", names.timestamp));
    frame.timestamp_ms = s->number * 1000.0;
  }
  const MemberValue* image = find_member(members, names.image);
  if (image == nullptr) return input_error(fmt::format("{}: missing (expected the frame's image)", names.image));
  thread_local std::string scratch;
  auto bytes = image_bytes(*image, names.image, scratch);
  if (!bytes) return bytes.error();
  frame.jpeg_bytes = *bytes;
  return frame;
}

}  // namespace

Result<PushedFields> parse_pushed_fields(std::string_view text) {
  PushedFields fields;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const std::size_t eq = item.find('=');
    const std::string_view name = item.substr(0, eq);
    const std::string_view key = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    std::string* slot = name == "frame_id" ? &fields.frame_id
                        : name == "timestamp" ? &fields.timestamp
                        : name == "timestamp_ms" ? &fields.timestamp_ms
                        : name == "image" ? &fields.image : nullptr;
    if (slot == nullptr || key.empty())
      return usage_error(fmt::format("ws_field: '{}': expected NAME=KEY with NAME one of frame_id, timestamp, "
                                     "timestamp_ms, image", item));
    *slot = std::string(key);
  }
  return fields;
}

Result<PushedFrame> read_pushed_frame(const FramingSpec& spec, const PushedFields& fields, std::string_view message,
                                      MessageKind kind) {
  const MemberKeys keys = {fields.frame_id, fields.timestamp, fields.timestamp_ms, fields.image};
  switch (spec.framing) {
    case Framing::binary:
      if (kind != MessageKind::binary) return input_error("a text message, expected a binary frame");
      return read_binary(spec, fields, message);
    case Framing::base64_json: {
      auto members = read_json_members(message, keys);
      if (!members) return members.error();
      return read_map(*members, fields);
    }
    case Framing::msgpack: {
      if (kind != MessageKind::binary) return input_error("a text message, expected a binary msgpack frame");
      auto members = read_msgpack_members(message, keys);
      if (!members) return members.error();
      return read_map(*members, fields);
    }
  }
  return input_error("unknown framing");
}

}  // namespace latbench::frames
