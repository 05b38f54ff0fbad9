#include "client/frame_id_track.hpp"

namespace latbench::client {

void FrameIdTrack::open_holes(std::uint64_t from, std::uint64_t to) {
  // A jump of a million ids keeps only its last k_max_holes: the rest are missing for good.
  if (to - from > k_max_holes) {
    m_expired += to - from - k_max_holes;
    from = to - k_max_holes;
  }
  for (std::uint64_t id = from; id < to; ++id) m_holes.insert(m_holes.end(), id);
  while (m_holes.size() > k_max_holes) {
    m_holes.erase(m_holes.begin());
    ++m_expired;
  }
}

IdStep FrameIdTrack::add(std::uint64_t id) {
  ++m_received;
  if (!m_any) {
    m_any = true;
    m_first = m_highest = id;
    return {IdArrival::first, 0};
  }
  if (id > m_highest) {
    const std::uint64_t skipped = id - m_highest - 1;
    open_holes(m_highest + 1, id);
    m_highest = id;
    return {IdArrival::in_order, skipped};
  }
  if (auto hole = m_holes.find(id); hole != m_holes.end()) {
    m_holes.erase(hole);
    ++m_reordered;
    return {IdArrival::reordered, 0};
  }
  ++m_duplicates;
  return {IdArrival::duplicate, 0};
}

}  // namespace latbench::client
