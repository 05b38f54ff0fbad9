#pragma once
// The camera of /ws/stream: pictures made once (the synthesized camera scene, or the user's JPEGs
// decoded), then each frame re-encoded by libjpeg-turbo at the quality asked, so a frame costs
// what a camera server's encode costs and its size follows the quality.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.hpp"
#include "core/error.hpp"

namespace latbench::server {

class StreamCamera {
 public:
  // Synthesized scenes (different seeds, so the sensor noise differs frame to frame) and the
  // most JPEGs of a folder decoded (by name order; each holds width x height x 3 bytes).
  static constexpr std::size_t k_synth_scenes = 4;
  static constexpr std::size_t k_max_pictures = 64;

  // `image`: vga | hd | fullhd | WxH, or a JPEG file or folder. Throws latbench::Error naming
  // `what` and the path: a bad size, a missing path, an empty folder, a file that does not decode.
  static std::unique_ptr<StreamCamera> open(const std::string& image, std::string_view what);
  ~StreamCamera();
  StreamCamera(const StreamCamera&) = delete;
  StreamCamera& operator=(const StreamCamera&) = delete;

  // Picture `index % pictures()` as a JPEG at `quality` (1..100); `took` is the encode's time.
  // Not thread-safe (one compressor): the producer thread alone calls it.
  std::string encode(std::uint64_t index, int quality, Nanos& took);

  std::size_t pictures() const { return m_rgb.size(); }
  int width() const { return m_width; }
  int height() const { return m_height; }
  const std::string& name() const { return m_name; }  // "synthetic 640x480", "folder cams/ (12)"

 private:
  StreamCamera() = default;

  std::vector<std::vector<unsigned char>> m_rgb;
  int m_width = 0, m_height = 0;
  std::string m_name;
  void* m_compressor = nullptr;  // tjhandle
};

}  // namespace latbench::server
