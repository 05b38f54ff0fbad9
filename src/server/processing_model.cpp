#include "server/processing_model.hpp"

#include <fmt/format.h>
#include <turbojpeg.h>

#include <memory>
#include <string>
#include <vector>

namespace latbench::server {
namespace {

using Clock = std::chrono::steady_clock;

// 8K UHD (7680x4320, 33 MP): ~100 MB of RGB per model slot at most.
constexpr std::size_t k_max_decoded_pixels = 7680u * 4320u;

// One decompressor per thread: tjhandles are not thread-safe and cheap to keep. A handle that
// failed is thrown away: libjpeg-turbo 2.1 leaves it in its error state (after a bogus SOF length
// every later header read said "Bogus marker length" until the process restarted).
class ThreadDecompressor {
 public:
  ThreadDecompressor() : m_handle(tjInitDecompress()) {}
  ~ThreadDecompressor() {
    if (m_handle) tjDestroy(m_handle);
  }
  ThreadDecompressor(const ThreadDecompressor&) = delete;
  ThreadDecompressor& operator=(const ThreadDecompressor&) = delete;

  tjhandle get() {
    if (!m_handle) m_handle = tjInitDecompress();
    return m_handle;
  }
  // The decoder's message for the call that just failed; the handle is replaced afterwards.
  std::string fail() {
    std::string why = m_handle ? tjGetErrorStr2(m_handle) : "cannot initialise libjpeg-turbo";
    if (m_handle) tjDestroy(m_handle);
    m_handle = nullptr;
    return why;
  }

 private:
  tjhandle m_handle;
};

ThreadDecompressor& thread_decompressor() {
  thread_local ThreadDecompressor decompressor;
  return decompressor;
}

// libjpeg-turbo's API takes non-const buffers though it does not write them.
unsigned char* jpeg_bytes(std::string_view jpeg) {
  return const_cast<unsigned char*>(reinterpret_cast<const unsigned char*>(jpeg.data()));
}

}  // namespace

Result<ImageShape> jpeg_shape(std::string_view jpeg) {
  auto& d = thread_decompressor();
  tjhandle h = d.get();
  if (!h) return Error(ErrorKind::internal, "cannot initialise libjpeg-turbo");
  int width = 0, height = 0, subsamp = 0, colorspace = 0;
  if (tjDecompressHeader3(h, jpeg_bytes(jpeg), static_cast<unsigned long>(jpeg.size()), &width,
                          &height, &subsamp, &colorspace) != 0) {
    return input_error(
        fmt::format("body is not a JPEG image ({} bytes): {}", jpeg.size(), d.fail()));
  }
  // FF D8 FF E0 alone "succeeds": libjpeg-turbo reads it as a tables-only stream without a frame.
  if (width <= 0 || height <= 0) {
    return input_error(
        fmt::format("body is not a JPEG image ({} bytes): no frame header (SOF)", jpeg.size()));
  }
  return ImageShape{width, height};
}

ProcessingModel::ProcessingModel(ProcessingOptions options)
    : m_options(std::move(options)), m_rng(m_options.seed) {}

void ProcessingModel::cut_short() {
  {
    std::lock_guard lock(m_wait_mutex);
    m_cut_short = true;
  }
  m_wait_cv.notify_all();
}

// A sleep that cut_short() ends early. The mutex is held only to start and end the wait.
void ProcessingModel::wait_for(Nanos d) {
  if (d <= Nanos(0)) return;
  std::unique_lock lock(m_wait_mutex);
  m_wait_cv.wait_for(lock, d, [this] { return m_cut_short; });
}

Nanos ProcessingModel::draw_infer() {
  std::lock_guard lock(m_rng_mutex);
  return m_options.infer.sample(m_rng);
}

ProcessedTimes ProcessingModel::process(std::string_view jpeg, Warmup warmup) {
  ProcessedTimes t;
  auto t0 = Clock::now();
  if (m_options.decode != DecodeMode::none) {
    auto shape = jpeg_shape(jpeg);
    if (!shape) throw shape.error();
    t.shape = *shape;
    if (m_options.decode == DecodeMode::full) {
      auto pixel_count = static_cast<std::size_t>(t.shape.width) * static_cast<std::size_t>(t.shape.height);
      // A 600-byte header may claim 65535x65535 (12 GiB of RGB): refuse before allocating.
      if (pixel_count > k_max_decoded_pixels)
        throw input_error(fmt::format("JPEG of {}x{} is larger than the {} megapixels decoded here",
                                      t.shape.width, t.shape.height, k_max_decoded_pixels / 1000000));
      thread_local std::vector<unsigned char> pixels;
      pixels.resize(pixel_count * 3);
      auto& d = thread_decompressor();
      // Warnings count: "Premature end of JPEG file" is half a frame filled with grey, which
      // the users' PIL-based servers refuse as "image file is truncated".
      if (tjDecompress2(d.get(), jpeg_bytes(jpeg), static_cast<unsigned long>(jpeg.size()),
                        pixels.data(), t.shape.width, 0, t.shape.height, TJPF_RGB,
                        TJFLAG_FASTDCT | TJFLAG_STOPONWARNING) != 0) {
        throw input_error(fmt::format("JPEG decode failed: {}", d.fail()));
      }
    }
  }
  auto t1 = Clock::now();
  // The process-wide flag is claimed only by the image that pays: a session paying its own
  // warm-up leaves the process's first upload cold.
  bool pays = warmup == Warmup::pay ||
              (warmup == Warmup::first_of_process && !m_warm.exchange(true));
  if (pays) wait_for(m_options.warmup_cost);
  auto t_warm = Clock::now();
  wait_for(draw_infer());
  auto t2 = Clock::now();
  wait_for(m_options.post_cost);
  auto t3 = Clock::now();
  t.decode = t1 - t0;
  t.warmup = t_warm - t1;
  t.infer = t2 - t_warm;
  t.post = t3 - t2;
  return t;
}

}  // namespace latbench::server
