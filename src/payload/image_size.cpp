#include "payload/image_size.hpp"

#include <fmt/format.h>

#include <charconv>

namespace latbench::payload {
namespace {

// JPEG's own limit is 65535 per side; 16384 keeps a synthesized frame's RGB buffer under 1 GiB.
constexpr int k_max_side = 16384;

bool parse_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool split_wxh(std::string_view text, int& w, int& h) {
  auto x = text.find_first_of("xX");
  if (x == std::string_view::npos) return false;
  return parse_int(text.substr(0, x), w) && parse_int(text.substr(x + 1), h);
}

}  // namespace

Result<ImageSize> parse_image_size(std::string_view text, std::string_view what) {
  if (text == "vga") return ImageSize{640, 480};
  if (text == "hd") return ImageSize{1280, 720};
  if (text == "fullhd") return ImageSize{1920, 1080};
  int w = 0, h = 0;
  if (!split_wxh(text, w, h)) {
    return usage_error(fmt::format(
        "{}: invalid image '{}' (expected vga, hd, fullhd, WxH such as 800x600, or a path to a "
        "JPEG file or folder)", what, text));
  }
  if (w < 8 || h < 8 || w > k_max_side || h > k_max_side) {
    return usage_error(fmt::format("{}: image size '{}' out of range (each side 8..{})", what,
                                   text, k_max_side));
  }
  return ImageSize{w, h};
}

bool looks_like_image_size(std::string_view text) {
  int w = 0, h = 0;
  return text == "vga" || text == "hd" || text == "fullhd" || split_wxh(text, w, h);
}

std::string format_image_size(const ImageSize& size) {
  return fmt::format("{}x{}", size.width, size.height);
}

}  // namespace latbench::payload
