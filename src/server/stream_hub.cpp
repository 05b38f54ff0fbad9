#include "server/stream_hub.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>

#include "server/adaptive_quality.hpp"
#include "server/reference_server.hpp"
#include "server/server_modes.hpp"
#include "server/stream_log.hpp"

namespace latbench::server {
namespace {

using Clock = std::chrono::steady_clock;

// Closed viewers /stats still shows (a test or a user reads a viewer's counts after it left).
constexpr std::size_t k_closed_kept = 64;
// A blocked producer rechecks the stop flag at least this often.
constexpr auto k_block_recheck = std::chrono::milliseconds(50);

double unix_at(Clock::time_point t) {
  // The wall clock at a steady instant: the frame's capture time as the viewer compares it.
  const auto wall = std::chrono::system_clock::now() - std::chrono::duration_cast<std::chrono::system_clock::duration>(Clock::now() - t);
  return std::chrono::duration<double>(wall.time_since_epoch()).count();
}

double unix_now() { return unix_at(Clock::now()); }

}  // namespace

namespace {

// Binary frames without a header would carry no frame id: a viewer could not see its gaps. They
// get the users' 16-byte header.
WsStreamOptions with_stream_header(WsStreamOptions o) {
  if (o.framing.framing == frames::Framing::binary && !o.framing.header)
    o.framing = frames::make_framing_spec(frames::Framing::binary, k_default_stream_header, "").take();
  return o;
}

}  // namespace

StreamHub::StreamHub(WsStreamOptions options, LogFormat format, LogSink log)
    : m_options(with_stream_header(std::move(options))), m_format(format), m_log(std::move(log)) {}

StreamHub::~StreamHub() { stop(); }

void StreamHub::log(const std::string& line) const {
  if (m_log) m_log(line);
}

std::shared_ptr<ViewerChannel> StreamHub::attach(std::uint64_t id, std::string client, std::function<void()> wake) {
  auto viewer = std::make_shared<ViewerChannel>(id, std::move(client), m_options);
  viewer->wake = std::move(wake);
  std::lock_guard lock(m_mutex);
  if (m_stopping.load()) {
    viewer->closed = true;
    return viewer;
  }
  if (!m_camera) m_camera = StreamCamera::open(m_options.image, "image");
  m_viewers.push_back(viewer);
  m_viewers_total.fetch_add(1, std::memory_order_relaxed);
  if (!m_thread.joinable()) m_thread = std::thread([this] { produce(); });
  m_cv.notify_all();
  return viewer;
}

std::shared_ptr<const StreamFrame> StreamHub::take(ViewerChannel& viewer) {
  std::shared_ptr<const StreamFrame> frame;
  {
    std::lock_guard lock(viewer.mutex);
    if (viewer.closed) return nullptr;
    frame = viewer.queue.take(viewer.seconds_since_attach(Clock::now()));
  }
  if (frame) viewer.room.notify_all();
  return frame;
}

void StreamHub::sent(ViewerChannel& viewer, const StreamFrame& frame, Clock::time_point began) {
  const auto now = Clock::now();
  {
    std::lock_guard lock(viewer.mutex);
    viewer.queue.sent(viewer.seconds_since_attach(now));
  }
  m_sent.fetch_add(1, std::memory_order_relaxed);
  m_bytes_sent.fetch_add(frame.message.size(), std::memory_order_relaxed);
  if (logs_frame(frame.frame_id)) {
    SentTimes t{frame.encode, began - frame.produced, now - began, now - frame.captured};
    log(stream_sent_line(m_format, {viewer.id, viewer.client}, frame, t, unix_now()));
  }
}

void StreamHub::detach(ViewerChannel& viewer, std::string_view why) {
  ViewerQueue::Counts counts;
  {
    std::lock_guard lock(viewer.mutex);
    if (viewer.closed) return;
    viewer.closed = true;
    viewer.queue.abandon();
    counts = viewer.queue.counts();
  }
  viewer.room.notify_all();
  {
    std::lock_guard lock(m_mutex);
    auto it = std::find_if(m_viewers.begin(), m_viewers.end(), [&](const auto& v) { return v.get() == &viewer; });
    if (it != m_viewers.end()) {
      m_closed.push_back(*it);
      if (m_closed.size() > k_closed_kept) m_closed.pop_front();
      m_viewers.erase(it);
    }
  }
  if (m_log) log(stream_close_line(m_format, {viewer.id, viewer.client}, counts, why, unix_now()));
}

void StreamHub::stop() {
  std::vector<std::shared_ptr<ViewerChannel>> viewers;
  {
    std::lock_guard lock(m_mutex);
    m_stopping.store(true);
    viewers = m_viewers;
  }
  m_cv.notify_all();
  for (const auto& v : viewers) {
    { std::lock_guard lock(v->mutex); }  // a producer between its check and its wait sees the flag
    v->room.notify_all();
  }
  if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id()) m_thread.join();
}

// While a viewer is attached: the next tick of the camera, then the frame for every viewer. The
// schedule restarts when the first viewer of a quiet spell arrives (no backlog from nobody).
void StreamHub::produce() {
  std::unique_lock lock(m_mutex);
  std::optional<StreamPacer> pacer;
  while (!m_stopping.load()) {
    if (m_viewers.empty()) {
      pacer.reset();
      m_cv.wait(lock, [&] { return m_stopping.load() || !m_viewers.empty(); });
      continue;
    }
    if (!pacer) pacer.emplace(m_options.fps, Clock::now());
    const auto tick = pacer->next(Clock::now());
    m_camera_skipped.fetch_add(tick.skipped, std::memory_order_relaxed);
    if (tick.captured > Clock::now()) {
      m_cv.wait_until(lock, tick.captured, [&] { return m_stopping.load(); });
      if (m_stopping.load()) break;
    }
    auto viewers = m_viewers;
    lock.unlock();
    try {
      produce_one(viewers, tick.captured);
    } catch (const Error& e) {
      // libjpeg-turbo failed: nothing more can be produced; the viewers stay until they leave.
      log(fmt::format("ERROR:    /ws/stream producer stopped: {}", e.what()));
      return;
    }
    lock.lock();
  }
}

void StreamHub::produce_one(const std::vector<std::shared_ptr<ViewerChannel>>& viewers, Clock::time_point captured) {
  const std::uint64_t frame_id = m_produced.fetch_add(1, std::memory_order_relaxed) + 1;
  // Each viewer's quality from its queue now; each quality in use encoded once.
  std::vector<int> quality(viewers.size());
  for (std::size_t i = 0; i < viewers.size(); ++i) {
    std::lock_guard lock(viewers[i]->mutex);
    quality[i] = select_quality(m_options.adaptive, viewers[i]->queue.depth(), m_options.quality);
  }
  std::map<int, std::shared_ptr<const StreamFrame>> encoded;
  frames::FrameFields fields;
  fields.frame_id = frame_id;
  fields.timestamp_ms = unix_at(captured) * 1000.0;
  fields.device = "camera";
  for (int q : quality) {
    if (encoded.count(q)) continue;
    auto frame = std::make_shared<StreamFrame>();
    frame->frame_id = frame_id;
    frame->quality = q;
    frame->captured = captured;
    const std::string jpeg = m_camera->encode(frame_id - 1, q, frame->encode);
    frame->jpeg_bytes = jpeg.size();
    auto message = frames::encode_frame(m_options.framing, fields, jpeg);
    if (!message) throw message.error();  // the CLI checked the framing with a frame of this shape
    frame->message = std::move(message->bytes);
    frame->kind = message->kind;
    frame->produced = Clock::now();
    m_encodes.fetch_add(1, std::memory_order_relaxed);
    const auto ns = static_cast<std::uint64_t>(frame->encode.count());
    m_encode_ns.fetch_add(ns, std::memory_order_relaxed);
    auto max = m_encode_max_ns.load(std::memory_order_relaxed);
    while (ns > max && !m_encode_max_ns.compare_exchange_weak(max, ns)) {}
    encoded[q] = std::move(frame);
  }
  std::uint64_t held = 0;
  for (std::size_t i = 0; i < viewers.size() && !m_stopping.load(); ++i) {
    offer(*viewers[i], encoded[quality[i]]);
    std::lock_guard lock(viewers[i]->mutex);
    held += viewers[i]->queue.held_bytes();
  }
  if (held > m_max_held_total.load(std::memory_order_relaxed)) m_max_held_total.store(held, std::memory_order_relaxed);
}

void StreamHub::offer(ViewerChannel& v, const std::shared_ptr<const StreamFrame>& frame) {
  const StreamViewerTag tag{v.id, v.client};
  bool wake = false;
  ViewerQueue::Offer result = ViewerQueue::Offer::full;
  std::size_t depth = 0, held = 0;
  bool depth_due = false;
  {
    std::unique_lock lock(v.mutex);
    while (!v.closed && !m_stopping.load()) {
      const bool idle_writer = !v.queue.writing() && v.queue.depth() == 0;
      const auto now = Clock::now();
      result = v.queue.offer(frame, v.seconds_since_attach(now));
      if (result != ViewerQueue::Offer::full) {
        wake = result == ViewerQueue::Offer::queued && idle_writer;
        const auto second = static_cast<std::int64_t>(v.seconds_since_attach(now));
        depth_due = second > v.logged_second;
        if (depth_due) v.logged_second = second;
        depth = v.queue.depth();
        held = v.queue.held_bytes();
        break;
      }
      // Block: this viewer's queue is full, the producer (and so every viewer) waits for it.
      v.room.wait_for(lock, k_block_recheck);
    }
  }
  if (result == ViewerQueue::Offer::full) return;  // the viewer left, or the server stops
  if (result == ViewerQueue::Offer::dropped) m_dropped.fetch_add(1, std::memory_order_relaxed);
  // Synchronous, on the producer's path, as the users' servers log (before the write can start,
  // so a frame's queued line comes before its sent line).
  if (logs_frame(frame->frame_id)) {
    log(result == ViewerQueue::Offer::queued ? stream_queued_line(m_format, tag, frame->frame_id, frame->quality, unix_now())
                                             : stream_dropped_line(m_format, tag, frame->frame_id, unix_now()));
  }
  if (depth_due && m_log && m_options.log_every != 0)
    log(stream_depth_line(m_format, tag, depth, held, unix_now()));
  if (wake && v.wake) v.wake();
}

StreamTotals StreamHub::totals() const {
  StreamTotals t;
  {
    std::lock_guard lock(m_mutex);
    t.viewers_open = m_viewers.size();
  }
  t.viewers = m_viewers_total.load();
  t.produced = m_produced.load();
  t.camera_skipped = m_camera_skipped.load();
  t.sent = m_sent.load();
  t.dropped = m_dropped.load();
  t.bytes_sent = m_bytes_sent.load();
  return t;
}

nlohmann::json StreamHub::stats() const {
  using nlohmann::json;
  auto viewer_json = [](ViewerChannel& v, bool open) {
    std::lock_guard lock(v.mutex);
    const auto& c = v.queue.counts();
    json by_quality = json::object();
    for (auto [q, n] : c.sent_by_quality) by_quality[std::to_string(q)] = n;
    return json{{"viewer", v.id},
                {"client", v.client},
                {"open", open},
                {"produced", c.produced},
                {"sent", c.sent},
                {"dropped", c.dropped},
                {"abandoned", c.abandoned},
                {"bytes_sent", c.bytes_sent},
                {"depth", v.queue.depth()},
                {"max_depth", c.max_depth},
                {"held_bytes", v.queue.held_bytes()},
                {"max_held_bytes", c.max_held_bytes},
                {"sent_by_quality", by_quality},
                {"depth_first_s", v.queue.series_first_second()},
                {"depth_per_s", json(std::vector<std::size_t>(v.queue.depth_series().begin(), v.queue.depth_series().end()))}};
  };
  std::vector<std::shared_ptr<ViewerChannel>> open, closed;
  {
    std::lock_guard lock(m_mutex);
    open = m_viewers;
    closed.assign(m_closed.begin(), m_closed.end());
  }
  json per_viewer = json::array();
  std::uint64_t held = 0;
  for (const auto& v : closed) per_viewer.push_back(viewer_json(*v, false));
  for (const auto& v : open) {
    per_viewer.push_back(viewer_json(*v, true));
    held += per_viewer.back()["held_bytes"].get<std::uint64_t>();
  }
  const auto t = totals();
  const auto encodes = m_encodes.load();
  return json{{"fps", m_options.fps},
              {"quality", m_options.quality},
              {"adaptive_quality", format_adaptive_quality(m_options.adaptive)},
              {"image", m_options.image},
              {"framing", std::string(frames::framing_name(m_options.framing.framing))},
              {"queue", std::max<std::size_t>(1, m_options.queue)},
              {"queue_policy", std::string(queue_policy_name(m_options.policy))},
              {"log_every", m_options.log_every},
              {"viewers", t.viewers},
              {"viewers_open", t.viewers_open},
              {"produced", t.produced},
              {"camera_skipped", t.camera_skipped},
              {"sent", t.sent},
              {"dropped", t.dropped},
              {"bytes_sent", t.bytes_sent},
              {"held_bytes", held},
              {"max_held_bytes", m_max_held_total.load()},
              {"encodes", encodes},
              {"encode_ms_mean", encodes ? static_cast<double>(m_encode_ns.load()) / 1e6 / static_cast<double>(encodes) : 0.0},
              {"encode_ms_max", static_cast<double>(m_encode_max_ns.load()) / 1e6},
              {"per_viewer", per_viewer}};
}

}  // namespace latbench::server
