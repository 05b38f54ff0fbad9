#pragma once
// What one image costs on the reference server, modelled on a FastAPI + YOLO service:
// decode = a real JPEG decode with libjpeg-turbo (so HD really costs more than VGA),
// infer = a simulated model time drawn from a Distribution (plus a one-off warm-up cost),
// post = a small fixed cost. Thread-safe: model slots (worker threads) call process() at once.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string_view>

#include "core/duration.hpp"
#include "core/error.hpp"
#include "server/distribution.hpp"

namespace latbench::server {

// full: decode every pixel (the real cost); header: read only the JPEG header (for throughput
// benchmarks that must not measure libjpeg-turbo); none: skip decoding (body need not be a JPEG).
enum class DecodeMode { full, header, none };

struct ProcessingOptions {
  Distribution infer;                      // simulated model time per image; default fixed(0ms)
  Nanos post_cost = std::chrono::microseconds(200);  // per image, after inference
  Nanos warmup_cost = Nanos(0);            // a cold start's extra model time (see Warmup)
  // Model slots, like GPUs: images beyond this many in flight wait in the queue. 0 processes on
  // the I/O thread that read the request (no slot limit; for throughput benchmarks).
  unsigned workers = 1;
  std::uint64_t seed = 1;                  // inference draws are reproducible in arrival order
  DecodeMode decode = DecodeMode::full;
};

struct ImageShape {
  int width = 0;
  int height = 0;
};

// Reads the JPEG header only. Errors (input) say why the bytes are not a JPEG, in the decoder's
// words; a stream without a frame header (FF D8 FF E0 alone) is one. A failed call leaves the
// thread's decoder as clean as a new one.
Result<ImageShape> jpeg_shape(std::string_view jpeg);

struct ProcessedTimes {
  Nanos decode{0};
  Nanos infer{0};   // the model's own time, warm-up not included
  Nanos post{0};
  ImageShape shape;
  Nanos warmup{0};  // the cold start paid by this image (0 for all but the warm-up's one)

  // Uploads report the cold start inside inference, as the users' servers time it.
  Nanos infer_with_warmup() const { return warmup + infer; }
};

// Who pays warmup_cost. first_of_process: the first image of this server process (uploads, and
// /ws/frames with warm-up scope "process": the model is warmed once, cached across reconnects);
// pay: this image pays it whatever came before (a WebSocket session's first frame with scope
// "session", the users' backends that warmed the model on every connection); none: it does not.
enum class Warmup { first_of_process, pay, none };

class ProcessingModel {
 public:
  explicit ProcessingModel(ProcessingOptions options);

  // Decodes, warms up when `warmup` says so, "infers" (sleeps for the drawn time: a GPU does not
  // use our CPU), post-processes.
  // Throws latbench::Error (input) when the header does not read, or in full mode when the decoder
  // reports any error or warning (a truncated frame is one) or the frame exceeds 8K UHD.
  ProcessedTimes process(std::string_view jpeg, Warmup warmup = Warmup::first_of_process);

  const ProcessingOptions& options() const { return m_options; }

  // From now on the simulated waits (infer, post) end at once, those under way included: a server
  // that is stopping owes nobody the rest of a 20 s "inference" (the client gave up long ago).
  void cut_short();

 private:
  Nanos draw_infer();
  void wait_for(Nanos d);

  ProcessingOptions m_options;
  std::mutex m_rng_mutex;
  std::mt19937_64 m_rng;
  std::atomic<bool> m_warm{false};
  std::mutex m_wait_mutex;
  std::condition_variable m_wait_cv;
  bool m_cut_short = false;  // guarded by m_wait_mutex
};

}  // namespace latbench::server
