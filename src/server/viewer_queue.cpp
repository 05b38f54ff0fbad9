#include "server/viewer_queue.hpp"

#include <algorithm>
#include <cmath>

namespace latbench::server {

ViewerQueue::ViewerQueue(std::size_t capacity, QueuePolicy policy)
    : m_capacity(std::max<std::size_t>(1, capacity)), m_policy(policy) {}

ViewerQueue::Offer ViewerQueue::offer(std::shared_ptr<const StreamFrame> frame, double now_s) {
  if (!has_room()) {
    if (m_policy == QueuePolicy::block) return Offer::full;
    ++m_counts.produced;
    ++m_counts.dropped;
    note(now_s);
    return Offer::dropped;
  }
  ++m_counts.produced;
  m_held_bytes += frame->message.size();
  m_waiting.push_back(std::move(frame));
  m_counts.max_depth = std::max(m_counts.max_depth, m_waiting.size());
  m_counts.max_held_bytes = std::max(m_counts.max_held_bytes, m_held_bytes);
  note(now_s);
  return Offer::queued;
}

std::shared_ptr<const StreamFrame> ViewerQueue::take(double now_s) {
  if (m_writing || m_waiting.empty()) return nullptr;
  m_writing = std::move(m_waiting.front());
  m_waiting.pop_front();
  note(now_s);
  return m_writing;
}

void ViewerQueue::sent(double now_s) {
  if (!m_writing) return;
  ++m_counts.sent;
  m_counts.bytes_sent += m_writing->message.size();
  ++m_counts.sent_by_quality[m_writing->quality];
  m_held_bytes -= std::min(m_held_bytes, m_writing->message.size());
  m_writing.reset();
  note(now_s);
}

void ViewerQueue::abandon() {
  m_counts.abandoned += m_waiting.size() + (m_writing ? 1 : 0);
  m_waiting.clear();
  m_writing.reset();
  m_held_bytes = 0;
}

// The depth series' entry for this second holds the highest depth seen in it; seconds with no
// event carry the depth that stood through them.
void ViewerQueue::note(double now_s) {
  const auto second = static_cast<std::uint64_t>(std::max(0.0, std::floor(now_s)));
  if (m_series.empty()) {
    m_series_first = second;
    m_series.push_back(m_last_depth);
  }
  while (m_series_first + m_series.size() <= second) {
    m_series.push_back(m_last_depth);
    if (m_series.size() > k_series_seconds) {
      m_series.pop_front();
      ++m_series_first;
    }
  }
  if (second >= m_series_first) {
    auto& slot = m_series[second - m_series_first];
    slot = std::max(slot, m_waiting.size());
  }
  m_last_depth = m_waiting.size();
}

}  // namespace latbench::server
