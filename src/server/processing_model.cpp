#include "server/processing_model.hpp"

#include <fmt/format.h>
#include <turbojpeg.h>

#include <memory>
#include <thread>
#include <vector>

namespace latbench::server {
namespace {

using Clock = std::chrono::steady_clock;

// One decompressor per thread: tjhandles are not thread-safe and cheap to keep.
tjhandle thread_decompressor() {
  struct Handle {
    tjhandle h = tjInitDecompress();
    ~Handle() {
      if (h) tjDestroy(h);
    }
  };
  thread_local Handle handle;
  return handle.h;
}

// libjpeg-turbo's API takes non-const buffers though it does not write them.
unsigned char* jpeg_bytes(std::string_view jpeg) {
  return const_cast<unsigned char*>(reinterpret_cast<const unsigned char*>(jpeg.data()));
}

void sleep_for(Nanos d) {
  if (d > Nanos(0)) std::this_thread::sleep_for(d);
}

}  // namespace

Result<ImageShape> jpeg_shape(std::string_view jpeg) {
  tjhandle h = thread_decompressor();
  if (!h) return Error(ErrorKind::internal, "cannot initialise libjpeg-turbo");
  int width = 0, height = 0, subsamp = 0, colorspace = 0;
  if (tjDecompressHeader3(h, jpeg_bytes(jpeg), static_cast<unsigned long>(jpeg.size()), &width,
                          &height, &subsamp, &colorspace) != 0) {
    return input_error(fmt::format("body is not a JPEG image ({} bytes): {}", jpeg.size(),
                                   tjGetErrorStr2(h)));
  }
  return ImageShape{width, height};
}

ProcessingModel::ProcessingModel(ProcessingOptions options)
    : m_options(std::move(options)), m_rng(m_options.seed) {}

Nanos ProcessingModel::draw_infer() {
  std::lock_guard lock(m_rng_mutex);
  return m_options.infer.sample(m_rng);
}

ProcessedTimes ProcessingModel::process(std::string_view jpeg) {
  ProcessedTimes t;
  auto t0 = Clock::now();
  if (m_options.decode != DecodeMode::none) {
    auto shape = jpeg_shape(jpeg);
    if (!shape) throw shape.error();
    t.shape = *shape;
    if (m_options.decode == DecodeMode::full) {
      thread_local std::vector<unsigned char> pixels;
      pixels.resize(static_cast<std::size_t>(t.shape.width) *
                    static_cast<std::size_t>(t.shape.height) * 3);
      tjhandle h = thread_decompressor();
      if (tjDecompress2(h, jpeg_bytes(jpeg), static_cast<unsigned long>(jpeg.size()),
                        pixels.data(), t.shape.width, 0, t.shape.height, TJPF_RGB,
                        TJFLAG_FASTDCT) != 0 &&
          tjGetErrorCode(h) == TJERR_FATAL) {
        throw input_error(fmt::format("JPEG decode failed: {}", tjGetErrorStr2(h)));
      }
    }
  }
  auto t1 = Clock::now();
  Nanos infer = draw_infer();
  if (!m_warm.exchange(true)) infer += m_options.warmup_cost;
  sleep_for(infer);
  auto t2 = Clock::now();
  sleep_for(m_options.post_cost);
  auto t3 = Clock::now();
  t.decode = t1 - t0;
  t.infer = t2 - t1;
  t.post = t3 - t2;
  return t;
}

}  // namespace latbench::server
