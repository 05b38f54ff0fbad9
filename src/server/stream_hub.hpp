#pragma once
// /ws/stream's producer and its viewers (Beast-free; stream_session.cpp is the socket side). One
// producer thread, started by the first viewer, captures frames at the camera's rate
// (stream_pacer.hpp) while a viewer is attached, encodes each once per quality in use
// (stream_camera.hpp; --adaptive-quality picks a viewer's quality from its queue depth), frames it
// (src/frames/) and offers it to every viewer's queue (viewer_queue.hpp). Under the drop policy a
// full queue loses the frame for that viewer; under block the producer waits for that viewer, so
// every viewer waits with it (the users' cascade). Logging is synchronous on the producer's path,
// as in the users' servers. Memory: each viewer holds at most its queue plus the frame being
// written; a blocked producer holds one frame.
#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/stream_camera.hpp"
#include "server/stream_options.hpp"
#include "server/stream_pacer.hpp"
#include "server/viewer_queue.hpp"

namespace latbench::server {

enum class LogFormat;

// One viewer as the producer and its session share it.
struct ViewerChannel {
  ViewerChannel(std::uint64_t viewer_id, std::string peer, const WsStreamOptions& o)
      : id(viewer_id), client(std::move(peer)), queue(o.queue, o.policy) {}

  const std::uint64_t id;      // the upgrade request's id
  const std::string client;    // "127.0.0.1:5555"
  const std::chrono::steady_clock::time_point attached = std::chrono::steady_clock::now();
  // Posts the session's next write to its strand; called by the producer without the lock, only
  // when the session's writer had nothing to do.
  std::function<void()> wake;

  std::mutex mutex;             // guards what follows
  std::condition_variable room; // a blocked producer waits here for a free place
  ViewerQueue queue;
  bool closed = false;
  std::int64_t logged_second = -1;  // the depth line's last second

  double seconds_since_attach(std::chrono::steady_clock::time_point t) const {
    return std::chrono::duration<double>(t - attached).count();
  }
};

// Process totals since start (GET /stats's "stream", ServerCounters).
struct StreamTotals {
  std::uint64_t viewers = 0;
  std::uint64_t viewers_open = 0;
  std::uint64_t produced = 0;        // frames captured and encoded (frame ids handed out)
  std::uint64_t camera_skipped = 0;  // camera ticks lost while the producer was behind
  std::uint64_t sent = 0;
  std::uint64_t dropped = 0;
  std::uint64_t bytes_sent = 0;
};

class StreamHub {
 public:
  using LogSink = std::function<void(const std::string& line)>;

  // `log` empty: no stream lines at all.
  StreamHub(WsStreamOptions options, LogFormat format, LogSink log);
  ~StreamHub();  // stop()
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  // A viewer joins: from the next frame on it is offered every frame. The first viewer opens the
  // camera (throws latbench::Error when the image cannot be read) and starts the producer.
  std::shared_ptr<ViewerChannel> attach(std::uint64_t id, std::string client, std::function<void()> wake);
  // The session's writer: the next frame to write (a blocked producer is told there is room),
  // null when none waits.
  std::shared_ptr<const StreamFrame> take(ViewerChannel& viewer);
  // The frame taken was written: counted, and logged by the --log-every rule with its stages.
  void sent(ViewerChannel& viewer, const StreamFrame& frame, std::chrono::steady_clock::time_point began);
  // The viewer left: what it held is abandoned, its counts are logged, a producer waiting for it
  // goes on. Idempotent.
  void detach(ViewerChannel& viewer, std::string_view why);
  // The producer ends (a wait for a viewer included); viewers get nothing more. Idempotent.
  void stop();

  StreamTotals totals() const;
  nlohmann::json stats() const;
  const WsStreamOptions& options() const { return m_options; }

 private:
  struct Encoded;
  void produce();
  void produce_one(const std::vector<std::shared_ptr<ViewerChannel>>& viewers,
                   std::chrono::steady_clock::time_point captured);
  void offer(ViewerChannel& v, const std::shared_ptr<const StreamFrame>& frame);
  void log(const std::string& line) const;
  bool logs_frame(std::uint64_t frame_id) const {
    return m_log && m_options.log_every != 0 && frame_id % m_options.log_every == 0;
  }

  const WsStreamOptions m_options;
  const LogFormat m_format;
  const LogSink m_log;

  mutable std::mutex m_mutex;  // guards the viewers, the camera's opening, the thread's start
  std::condition_variable m_cv;
  std::vector<std::shared_ptr<ViewerChannel>> m_viewers;
  std::deque<std::shared_ptr<ViewerChannel>> m_closed;  // the latest k_closed_kept, for /stats
  std::unique_ptr<StreamCamera> m_camera;
  std::thread m_thread;
  std::atomic<bool> m_stopping{false};

  std::atomic<std::uint64_t> m_viewers_total{0}, m_produced{0}, m_camera_skipped{0}, m_sent{0}, m_dropped{0},
      m_bytes_sent{0}, m_encodes{0}, m_encode_ns{0}, m_encode_max_ns{0}, m_max_held_total{0};
};

}  // namespace latbench::server
