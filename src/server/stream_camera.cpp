#include "server/stream_camera.hpp"

#include <fmt/format.h>
#include <turbojpeg.h>

#include <filesystem>

#include "payload/image_size.hpp"
#include "payload/image_source.hpp"
#include "payload/jpeg_synth.hpp"

namespace latbench::server {

namespace {

// The JPEG as RGB, or Error (input) naming the file.
std::vector<unsigned char> decode_rgb(const payload::Frame& f, std::string_view what) {
  std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitDecompress(), tjDestroy);
  if (!tj) throw Error(ErrorKind::internal, "libjpeg-turbo: cannot initialise the decompressor");
  std::vector<unsigned char> rgb(static_cast<std::size_t>(f.width) * f.height * 3);
  if (tjDecompress2(tj.get(), f.jpeg.data(), static_cast<unsigned long>(f.jpeg.size()), rgb.data(), f.width, 0,
                    f.height, TJPF_RGB, TJFLAG_ACCURATEDCT) != 0)
    throw input_error(fmt::format("{}: '{}': {}", what, f.name, tjGetErrorStr2(tj.get())));
  return rgb;
}

}  // namespace

std::unique_ptr<StreamCamera> StreamCamera::open(const std::string& image, std::string_view what) {
  std::unique_ptr<StreamCamera> cam(new StreamCamera());
  if (payload::looks_like_image_size(image)) {
    auto size = payload::parse_image_size(image, what).take();
    cam->m_width = size.width;
    cam->m_height = size.height;
    for (std::uint64_t seed = 1; seed <= k_synth_scenes; ++seed) cam->m_rgb.push_back(payload::render_scene(size, seed));
    cam->m_name = "synthetic " + payload::format_image_size(size);
  } else {
    // load_frames names `what` and the path for a missing one, an empty folder, a non-JPEG.
    auto files = payload::load_frames(image, 80, what);
    if (files.size() > k_max_pictures) files.resize(k_max_pictures);
    cam->m_width = files.front().width;
    cam->m_height = files.front().height;
    for (const auto& f : files) {
      // One size per stream, as a camera has: a viewer's frames differ in quality, not shape.
      if (f.width != cam->m_width || f.height != cam->m_height)
        throw input_error(fmt::format("{}: '{}' is {}x{}, the first picture {}x{} (a stream has one size)", what,
                                      f.name, f.width, f.height, cam->m_width, cam->m_height));
      cam->m_rgb.push_back(decode_rgb(f, what));
    }
    cam->m_name = fmt::format("{} ({} pictures)", image, cam->m_rgb.size());
  }
  cam->m_compressor = tjInitCompress();
  if (!cam->m_compressor) throw Error(ErrorKind::internal, "libjpeg-turbo: cannot initialise the compressor");
  return cam;
}

StreamCamera::~StreamCamera() {
  if (m_compressor) tjDestroy(m_compressor);
}

std::string StreamCamera::encode(std::uint64_t index, int quality, Nanos& took) {
  const auto& rgb = m_rgb[index % m_rgb.size()];
  const auto start = std::chrono::steady_clock::now();
  unsigned char* jpeg = nullptr;
  unsigned long size = 0;
  // 4:2:0 and the accurate DCT, as payload/jpeg_synth encodes (a camera's choice).
  if (tjCompress2(m_compressor, rgb.data(), m_width, 0, m_height, TJPF_RGB, &jpeg, &size, TJSAMP_420, quality,
                  TJFLAG_ACCURATEDCT) != 0) {
    std::string why = tjGetErrorStr2(m_compressor);
    tjFree(jpeg);
    throw Error(ErrorKind::internal, "libjpeg-turbo: " + why);
  }
  std::string out(reinterpret_cast<const char*>(jpeg), size);
  tjFree(jpeg);
  took = std::chrono::steady_clock::now() - start;
  return out;
}

}  // namespace latbench::server
