#include "payload/image_source.hpp"

#include <fmt/format.h>
#include <turbojpeg.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "core/text.hpp"
#include "payload/image_size.hpp"
#include "payload/jpeg_synth.hpp"

namespace latbench::payload {
namespace fs = std::filesystem;

Result<std::pair<int, int>> jpeg_dimensions(const std::vector<unsigned char>& jpeg) {
  std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitDecompress(), tjDestroy);
  if (!tj) return Error(ErrorKind::internal, "libjpeg-turbo: cannot initialise the decompressor");
  int w = 0, h = 0, subsamp = 0, colorspace = 0;
  if (tjDecompressHeader3(tj.get(), jpeg.data(), static_cast<unsigned long>(jpeg.size()), &w, &h,
                          &subsamp, &colorspace) != 0) {
    return input_error(fmt::format("not a JPEG ({})", tjGetErrorStr2(tj.get())));
  }
  return std::pair{w, h};
}

namespace {

Frame read_jpeg_file(const fs::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error(fmt::format("{}: cannot read '{}'", what, path.string()));
  Frame f;
  f.name = path.filename().string();
  f.jpeg.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  auto dims = jpeg_dimensions(f.jpeg);
  if (!dims) throw input_error(fmt::format("{}: '{}': {}", what, path.string(), dims.error().what()));
  f.width = dims->first;
  f.height = dims->second;
  return f;
}

bool is_jpeg_name(const fs::path& p) {
  const std::string ext = p.extension().string();
  return equals_nocase(ext, ".jpg") || equals_nocase(ext, ".jpeg");
}

}  // namespace

std::vector<Frame> load_frames(const std::string& image, int quality, std::string_view what) {
  std::error_code ec;
  fs::path path(image);
  if (fs::is_regular_file(path, ec)) return {read_jpeg_file(path, what)};
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && is_jpeg_name(entry.path())) files.push_back(entry.path());
    }
    if (files.empty()) {
      throw usage_error(fmt::format("{}: folder '{}' holds no .jpg or .jpeg files", what, image));
    }
    std::sort(files.begin(), files.end());
    std::vector<Frame> frames;
    for (const auto& f : files) frames.push_back(read_jpeg_file(f, what));
    return frames;
  }
  if (!looks_like_image_size(image) && (image.find('/') != std::string::npos ||
                                        image.find('.') != std::string::npos)) {
    throw usage_error(fmt::format("{}: no such file or folder '{}'", what, image));
  }
  ImageSize size = parse_image_size(image, what).take();
  Frame f;
  f.name = fmt::format("synthetic-{}-q{}", format_image_size(size), quality);
  f.jpeg = synthesize_jpeg({size, quality, 1});
  f.width = size.width;
  f.height = size.height;
  return {std::move(f)};
}

}  // namespace latbench::payload
