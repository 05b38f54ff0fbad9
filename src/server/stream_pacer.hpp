#pragma once
// When /ws/stream's camera captures each frame. Pure logic (time passed in), so pacing is tested
// in virtual time. The camera ticks at fps whatever the producer does; a producer that falls
// behind (a viewer under --queue-policy block holds it, or encoding is slower than the rate)
// takes the frames the camera buffered, stamped when they were captured, so their age shows the
// wait (the users' "cascade"). Like a V4L2 driver's ring the camera keeps only the latest
// `camera_buffers` frames: older ticks are skipped (counted), never produced.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace latbench::server {

class StreamPacer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr std::size_t k_camera_buffers = 4;

  // fps > 0. The first frame is captured at `start`.
  StreamPacer(double fps, TimePoint start, std::size_t camera_buffers = k_camera_buffers);

  struct Tick {
    TimePoint captured;         // the frame's capture time; the caller waits until then if ahead
    std::uint64_t skipped = 0;  // ticks lost because the producer was too far behind
  };
  // The next frame, asked at `now` by a producer done with the previous one.
  Tick next(TimePoint now);

  std::chrono::nanoseconds period() const { return m_period; }

 private:
  std::chrono::nanoseconds m_period;
  TimePoint m_start;
  std::size_t m_buffers;
  std::uint64_t m_next = 0;  // index of the next tick to produce
};

}  // namespace latbench::server
