#include "core/json_depth.hpp"

namespace latbench {

std::optional<std::size_t> json_too_deep_at(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > max_depth) return i;
        break;
      case ']':
      case '}':
        // More closers than openers is the parser's error to report; never wrap around.
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return std::nullopt;
}

std::string json_too_deep_message(std::size_t offset, std::size_t max_depth) {
  return "JSON nested deeper than " + std::to_string(max_depth) + " levels (at byte " +
         std::to_string(offset) + ")";
}

}  // namespace latbench
