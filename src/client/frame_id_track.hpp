#pragma once
// Gaps in the frame ids one viewer session receives: the frames the server dropped for it.
// Ids are expected to rise by one per frame. A frame above the highest id so far opens a hole
// for every id it skips; a frame below it fills its hole (it came late: reordered) or, when
// there is none, is a duplicate (seen before, or from before the session's first frame). So
// `missing()` counts exactly the ids between the first and the highest received that never
// arrived, whatever the order: ids before the first frame (a viewer that joins a running
// stream) and after the last are not known to have been sent, and are not counted.
// Memory is bounded: at most k_max_holes holes are kept; beyond that the oldest ones count as
// missing for good (a frame that fills one so late counts as a duplicate).
#include <cstdint>
#include <set>

namespace latbench::client {

enum class IdArrival { first, in_order, reordered, duplicate };

struct IdStep {
  IdArrival arrival = IdArrival::first;
  std::uint64_t skipped = 0;  // ids this frame jumped over (holes it opened)
};

class FrameIdTrack {
 public:
  static constexpr std::size_t k_max_holes = 1u << 16;

  IdStep add(std::uint64_t id);
  std::uint64_t missing() const { return m_holes.size() + m_expired; }
  std::uint64_t duplicates() const { return m_duplicates; }
  std::uint64_t reordered() const { return m_reordered; }
  std::uint64_t received() const { return m_received; }

 private:
  void open_holes(std::uint64_t from, std::uint64_t to);  // [from, to)

  bool m_any = false;
  std::uint64_t m_first = 0, m_highest = 0;
  std::set<std::uint64_t> m_holes;
  std::uint64_t m_expired = 0;  // holes given up on (k_max_holes), missing for good
  std::uint64_t m_duplicates = 0, m_reordered = 0, m_received = 0;
};

}  // namespace latbench::client
