#pragma once
// The text of a base64-json frame, from a user's template with placeholders: {frame_id},
// {timestamp_ms}, {device}, {jpeg_base64}, {jpeg_data_url} ("data:image/jpeg;base64,..."). Any
// other brace is literal text (a JSON object's own braces), so a template is the JSON a user's
// browser sends with the values cut out.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace latbench::frames {

// What the browsers of our users' write-ups send (seeds 002, 004).
inline constexpr std::string_view k_default_json_template =
    R"({"type":"frame","frame_id":{frame_id},"timestamp_ms":{timestamp_ms},"device":"{device}","image":"{jpeg_data_url}"})";

enum class Placeholder { none, frame_id, timestamp_ms, device, jpeg_base64, jpeg_data_url };

class MessageTemplate {
 public:
  struct Segment {
    std::string literal;  // text before the placeholder
    Placeholder placeholder = Placeholder::none;
  };
  const std::string& text() const { return m_text; }
  const std::vector<Segment>& segments() const { return m_segments; }
  // The JSON key whose string value holds the image ("image" in the default), for reading a
  // frame back; empty when the template puts the image somewhere no key names.
  const std::string& image_key() const { return m_image_key; }

  // Appends the message for these values. timestamp_ms is written with 3 decimals ("%.3f"),
  // the device JSON-escaped (it sits inside quotes), the JPEG base64-encoded in place.
  void render(std::string& out, std::uint64_t frame_id, double timestamp_ms, std::string_view device,
              std::string_view jpeg) const;
  // The rendered length, to reserve once.
  std::size_t rendered_size_bound(std::string_view device, std::size_t jpeg_bytes) const;

 private:
  friend Result<MessageTemplate> parse_message_template(std::string_view text);
  std::string m_text;
  std::vector<Segment> m_segments;
  std::string m_image_key;
};

// Errors (usage) name the position of an unknown placeholder ("{frameid}") and list the known
// ones; a template without {jpeg_base64} or {jpeg_data_url} carries no image and is refused.
Result<MessageTemplate> parse_message_template(std::string_view text);

}  // namespace latbench::frames
