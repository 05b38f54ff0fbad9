#pragma once
// One /ws/stream viewer's frames between the producer and its socket: up to `capacity` wait, one
// is being written, and the policy says what a frame produced for a full queue meets. It keeps
// the viewer's counts, the bytes it holds and its depth over time. Pure logic (time passed in as
// seconds since the viewer attached), not thread-safe: stream_hub.hpp locks it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "core/duration.hpp"
#include "frames/framing.hpp"
#include "server/ws_frames_options.hpp"

namespace latbench::server {

// One produced frame at one quality, as sent: shared by every viewer that gets this quality (it
// is encoded once per quality in use, not once per viewer).
struct StreamFrame {
  std::uint64_t frame_id = 0;  // counts produced frames, from 1
  int quality = 0;
  std::string message;         // the framed message
  frames::MessageKind kind = frames::MessageKind::binary;
  std::size_t jpeg_bytes = 0;
  Nanos encode{0};             // libjpeg-turbo's time for this frame at this quality
  std::chrono::steady_clock::time_point captured{};  // on the camera's clock (stream_pacer.hpp)
  std::chrono::steady_clock::time_point produced{};  // encoded and framed, offered to the viewers
};

class ViewerQueue {
 public:
  // Depth-over-time entries kept (one per second): a viewer attached for hours holds 10 minutes.
  static constexpr std::size_t k_series_seconds = 600;

  ViewerQueue(std::size_t capacity, QueuePolicy policy);

  // queued; dropped (drop policy, queue full: counted); full (block policy, queue full: nothing
  // counted, the producer waits and offers it again once there is room).
  enum class Offer { queued, dropped, full };
  Offer offer(std::shared_ptr<const StreamFrame> frame, double now_s);
  // The next frame to write, held until sent(); null when none waits or one is being written.
  std::shared_ptr<const StreamFrame> take(double now_s);
  // The frame being written has left (its message's bytes count as sent).
  void sent(double now_s);
  // The viewer is gone: what waits or was being written is abandoned (counted), nothing is held.
  void abandon();

  bool has_room() const { return m_waiting.size() < m_capacity; }
  bool writing() const { return static_cast<bool>(m_writing); }
  std::size_t depth() const { return m_waiting.size(); }  // waiting, not the one being written
  std::size_t held_bytes() const { return m_held_bytes; }  // waiting + being written

  struct Counts {
    std::uint64_t produced = 0;   // frames offered (queued or dropped) since the viewer attached
    std::uint64_t sent = 0;
    std::uint64_t dropped = 0;
    std::uint64_t abandoned = 0;
    std::uint64_t bytes_sent = 0;  // messages written
    std::size_t max_depth = 0;
    std::size_t max_held_bytes = 0;
    std::map<int, std::uint64_t> sent_by_quality;
  };
  const Counts& counts() const { return m_counts; }

  // The highest depth seen in each second since the viewer attached (entry i is second
  // series_first_second() + i), the latest k_series_seconds of them.
  const std::deque<std::size_t>& depth_series() const { return m_series; }
  std::uint64_t series_first_second() const { return m_series_first; }

 private:
  void note(double now_s);

  std::size_t m_capacity;
  QueuePolicy m_policy;
  std::deque<std::shared_ptr<const StreamFrame>> m_waiting;
  std::shared_ptr<const StreamFrame> m_writing;
  std::size_t m_held_bytes = 0;
  Counts m_counts;
  std::deque<std::size_t> m_series;
  std::uint64_t m_series_first = 0;
  std::size_t m_last_depth = 0;  // after the latest event: what stood through seconds without one
};

}  // namespace latbench::server
