#include "frames/framing.hpp"

#include <cmath>

#include <fmt/format.h>
#include <msgpack.hpp>

namespace latbench::frames {
namespace {

// msgpack's packer writes through write(); this one appends to the message.
struct StringSink {
  std::string& out;
  void write(const char* p, std::size_t n) { out.append(p, n); }
};

FieldValues header_values(const FrameFields& f, std::size_t jpeg_bytes) {
  return {{"frame_id", f.frame_id},
          {"timestamp", f.timestamp_ms / 1000.0},
          {"timestamp_ms", f.timestamp_ms},
          {"length", std::uint64_t{jpeg_bytes}},
          {"device", std::uint64_t{f.device_index}}};
}

}  // namespace

Result<Framing> parse_framing(std::string_view name) {
  if (name == "binary") return Framing::binary;
  if (name == "base64-json" || name == "base64_json") return Framing::base64_json;
  if (name == "msgpack") return Framing::msgpack;
  return usage_error(fmt::format("invalid framing '{}' (expected binary, base64-json or msgpack)", name));
}

std::string_view framing_name(Framing framing) {
  switch (framing) {
    case Framing::binary: return "binary";
    case Framing::base64_json: return "base64-json";
    case Framing::msgpack: return "msgpack";
  }
  return "binary";
}

Result<FramingSpec> make_framing_spec(Framing framing, std::string_view header_spec,
                                      std::string_view json_template) {
  if (!header_spec.empty() && framing != Framing::binary)
    return usage_error(fmt::format("header: a header is for binary framing, not {}", framing_name(framing)));
  if (!json_template.empty() && framing != Framing::base64_json)
    return usage_error(fmt::format("template: a template is for base64-json framing, not {}", framing_name(framing)));
  auto tmpl = parse_message_template(json_template.empty() ? k_default_json_template : json_template);
  if (!tmpl) return usage_error(fmt::format("template: {}", tmpl.error().what()));
  FramingSpec spec{framing, std::nullopt, std::move(tmpl).take()};
  if (!header_spec.empty()) {
    auto layout = parse_header_layout(header_spec);
    if (!layout) return usage_error(fmt::format("header: {}", layout.error().what()));
    spec.header = std::move(layout).take();
  }
  return spec;
}

Result<Message> encode_frame(const FramingSpec& spec, const FrameFields& fields, std::string_view jpeg) {
  Message m;
  switch (spec.framing) {
    case Framing::binary: {
      m.kind = MessageKind::binary;
      m.bytes.reserve((spec.header ? spec.header->size() : 0) + jpeg.size());
      if (spec.header) {
        auto r = pack_header_append(m.bytes, *spec.header, header_values(fields, jpeg.size()));
        if (!r) return r.error();
      }
      m.bytes += jpeg;
      return m;
    }
    case Framing::base64_json:
      m.kind = MessageKind::text;
      m.bytes.reserve(spec.json_template.rendered_size_bound(fields.device, jpeg.size()));
      spec.json_template.render(m.bytes, fields.frame_id, fields.timestamp_ms, fields.device, jpeg);
      return m;
    case Framing::msgpack: {
      m.kind = MessageKind::binary;
      m.bytes.reserve(64 + fields.device.size() + jpeg.size());
      StringSink sink{m.bytes};
      msgpack::packer<StringSink> pk(sink);
      pk.pack_map(4);
      pk.pack(std::string_view("frame_id"));
      pk.pack(fields.frame_id);
      pk.pack(std::string_view("timestamp_ms"));
      pk.pack(fields.timestamp_ms);
      pk.pack(std::string_view("device"));
      pk.pack(std::string_view(fields.device));
      pk.pack(std::string_view("image"));
      pk.pack_bin(static_cast<std::uint32_t>(jpeg.size()));
      pk.pack_bin_body(jpeg.data(), static_cast<std::uint32_t>(jpeg.size()));
      return m;
    }
  }
  return usage_error("unknown framing");
}

}  // namespace latbench::frames
