#include "server/stream_pacer.hpp"

#include <algorithm>
#include <cmath>

namespace latbench::server {

StreamPacer::StreamPacer(double fps, TimePoint start, std::size_t camera_buffers)
    : m_period(std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(1e9 / fps)))),
      m_start(start), m_buffers(std::max<std::size_t>(1, camera_buffers)) {}

StreamPacer::Tick StreamPacer::next(TimePoint now) {
  Tick t;
  if (now > m_start) {
    // The latest tick the camera has captured by now; it holds that one and the buffers-1 before.
    const auto latest = static_cast<std::uint64_t>((now - m_start) / m_period);
    if (latest >= m_next + m_buffers) {
      const std::uint64_t oldest_kept = latest + 1 - m_buffers;
      t.skipped = oldest_kept - m_next;
      m_next = oldest_kept;
    }
  }
  t.captured = m_start + m_period * static_cast<std::int64_t>(m_next);
  ++m_next;
  return t;
}

}  // namespace latbench::server
