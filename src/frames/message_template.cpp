#include "frames/message_template.hpp"

#include <fmt/format.h>

#include "core/base64.hpp"

namespace latbench::frames {
namespace {

constexpr std::string_view k_data_url_prefix = "data:image/jpeg;base64,";

Placeholder placeholder_named(std::string_view name) {
  if (name == "frame_id") return Placeholder::frame_id;
  if (name == "timestamp_ms") return Placeholder::timestamp_ms;
  if (name == "device") return Placeholder::device;
  if (name == "jpeg_base64") return Placeholder::jpeg_base64;
  if (name == "jpeg_data_url") return Placeholder::jpeg_data_url;
  return Placeholder::none;
}

bool is_name_char(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// The key of `"key": "` just before `end` in `text`, or "".
std::string key_before(std::string_view text) {
  std::size_t i = text.size();
  const auto skip_blanks = [&] { while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) --i; };
  if (i == 0 || text[i - 1] != '"') return "";
  --i;
  skip_blanks();
  if (i == 0 || text[i - 1] != ':') return "";
  --i;
  skip_blanks();
  if (i == 0 || text[i - 1] != '"') return "";
  const std::size_t close = --i;
  while (i > 0 && text[i - 1] != '"') {
    if (text[i - 1] == '\\') return "";  // an escaped key: not worth guessing
    --i;
  }
  if (i == 0) return "";
  return std::string(text.substr(i, close - i));
}

void append_json_escaped(std::string& out, std::string_view s) {
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        else out += c;
    }
  }
}

}  // namespace

Result<MessageTemplate> parse_message_template(std::string_view text) {
  MessageTemplate t;
  t.m_text = std::string(text);
  std::string literal;
  bool has_image = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      std::size_t j = i + 1;
      while (j < text.size() && is_name_char(text[j])) ++j;
      if (j > i + 1 && j < text.size() && text[j] == '}') {
        const std::string_view name = text.substr(i + 1, j - i - 1);
        const Placeholder p = placeholder_named(name);
        if (p == Placeholder::none)
          return usage_error(fmt::format("position {}: unknown placeholder {{{}}} (expected {{frame_id}}, "
                                         "{{timestamp_ms}}, {{device}}, {{jpeg_base64}} or {{jpeg_data_url}})",
                                         i, name));
        if (p == Placeholder::jpeg_base64 || p == Placeholder::jpeg_data_url) {
          if (!has_image) t.m_image_key = key_before(text.substr(0, i));
          has_image = true;
        }
        t.m_segments.push_back({std::move(literal), p});
        literal.clear();
        i = j;
        continue;
      }
    }
    literal += text[i];
  }
  if (!has_image)
    return usage_error("the template has no {jpeg_base64} or {jpeg_data_url}: the frame would carry no image");
  t.m_segments.push_back({std::move(literal), Placeholder::none});
  return t;
}

std::size_t MessageTemplate::rendered_size_bound(std::string_view device, std::size_t jpeg_bytes) const {
  std::size_t n = 0;
  for (const auto& s : m_segments) {
    n += s.literal.size();
    switch (s.placeholder) {
      case Placeholder::none: break;
      case Placeholder::frame_id: n += 20; break;
      case Placeholder::timestamp_ms: n += 32; break;
      case Placeholder::device: n += 6 * device.size(); break;
      case Placeholder::jpeg_base64: n += base64_encoded_size(jpeg_bytes); break;
      case Placeholder::jpeg_data_url: n += k_data_url_prefix.size() + base64_encoded_size(jpeg_bytes); break;
    }
  }
  return n;
}

void MessageTemplate::render(std::string& out, std::uint64_t frame_id, double timestamp_ms,
                             std::string_view device, std::string_view jpeg) const {
  for (const auto& s : m_segments) {
    out += s.literal;
    switch (s.placeholder) {
      case Placeholder::none: break;
      case Placeholder::frame_id: fmt::format_to(std::back_inserter(out), "{}", frame_id); break;
      case Placeholder::timestamp_ms: fmt::format_to(std::back_inserter(out), "{:.3f}", timestamp_ms); break;
      case Placeholder::device: append_json_escaped(out, device); break;
      case Placeholder::jpeg_base64: base64_append(out, jpeg); break;
      case Placeholder::jpeg_data_url:
        out += k_data_url_prefix;
        base64_append(out, jpeg);
        break;
    }
  }
}

}  // namespace latbench::frames
