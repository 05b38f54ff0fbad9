#pragma once
// Image sizes as users name them: "vga" (640x480, the ESP32-CAM default), "hd" (1280x720),
// "fullhd" (1920x1080) or "WxH".
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace latbench::payload {

struct ImageSize {
  int width = 640;
  int height = 480;
  friend bool operator==(const ImageSize&, const ImageSize&) = default;
};

// Errors name `what` (the option or profile key) and list the accepted forms.
Result<ImageSize> parse_image_size(std::string_view text, std::string_view what = "image");

// True when `text` is a size name or WxH (as opposed to a path to JPEG files).
bool looks_like_image_size(std::string_view text);

std::string format_image_size(const ImageSize& size);  // "640x480"

}  // namespace latbench::payload
