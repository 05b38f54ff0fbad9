#pragma once
// Real JPEG bytes of a camera-like picture (sky gradient, ground texture, buildings, a sun, sensor
// noise), encoded by libjpeg-turbo. Uploading random bytes would measure nothing a server does:
// a real frame decodes, and its size tracks resolution and quality the way a camera's does
// (VGA at quality 80 is a few tens of KB).
#include <cstdint>
#include <vector>

#include "payload/image_size.hpp"

namespace latbench::payload {

struct JpegSpec {
  ImageSize size;
  int quality = 80;          // 1..100, libjpeg's scale (ESP32-CAM's "jpeg_quality" 12 is ~q80)
  std::uint64_t seed = 1;    // same seed, same bytes: runs are repeatable
};

// Throws latbench::Error (usage) for a quality outside 1..100, (internal) if libjpeg-turbo fails.
std::vector<unsigned char> synthesize_jpeg(const JpegSpec& spec);

// The scene before encoding: width*height*3 bytes of RGB. Exposed for tests and benchmarks.
std::vector<unsigned char> render_scene(const ImageSize& size, std::uint64_t seed);

}  // namespace latbench::payload
