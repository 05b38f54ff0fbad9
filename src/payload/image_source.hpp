#pragma once
// Where a run's frames come from: synthesized from a size and quality, or the user's own JPEGs
// (one file, or every *.jpg / *.jpeg in a folder, sorted by name, cycled through the run).
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace latbench::payload {

struct Frame {
  std::string name;                  // file name, or "synthetic-640x480-q80"
  std::vector<unsigned char> jpeg;
  int width = 0, height = 0;
};

// `image`: vga | hd | fullhd | WxH (synthesized at `quality`), or a path. Errors (usage / input)
// name `what` and the path: missing, empty folder, or a file libjpeg-turbo cannot read as JPEG.
std::vector<Frame> load_frames(const std::string& image, int quality, std::string_view what = "image");

// Width and height from a JPEG header; Error (input) when it is not a JPEG.
Result<std::pair<int, int>> jpeg_dimensions(const std::vector<unsigned char>& jpeg);

}  // namespace latbench::payload
