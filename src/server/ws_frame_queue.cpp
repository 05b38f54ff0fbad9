#include "server/ws_frame_queue.hpp"

namespace latbench::server {

FrameQueue::Arrival FrameQueue::arrive(std::shared_ptr<PendingFrame> frame) {
  if (!m_running) {
    m_running = true;
    return Arrival::run_now;
  }
  // Under block the session does not read while full, so a full queue only meets drop; were it
  // reached anyway the frame waits (block never loses a frame).
  if (m_waiting.size() >= m_capacity && m_policy == QueuePolicy::drop) return Arrival::dropped;
  m_waiting.push_back(std::move(frame));
  return Arrival::queued;
}

std::shared_ptr<PendingFrame> FrameQueue::finish() {
  if (m_waiting.empty()) {
    m_running = false;
    return nullptr;
  }
  auto next = std::move(m_waiting.front());
  m_waiting.pop_front();
  m_running = true;
  return next;
}

bool FrameQueue::may_read() const {
  if (m_policy == QueuePolicy::drop) return true;
  return !m_running || m_waiting.size() < m_capacity;
}

std::size_t FrameQueue::abandon() {
  auto n = m_waiting.size();
  m_waiting.clear();
  return n;
}

}  // namespace latbench::server
