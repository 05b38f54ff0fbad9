#pragma once
// Frame age = arrival - the sender's timestamp. On one machine both are the same clock and the
// age is exact. Across machines the clocks differ by an unknown offset: it is estimated from the
// first k_offset_frames frames as min(arrival - timestamp) (the frame that travelled fastest,
// taken as having taken no time), and subtracted, so the age is the time above the fastest early
// frame. The estimate is reported beside the ages, never hidden; before k_offset_frames frames
// have arrived the minimum so far is used (the first frames' ages read low, at least 0).
#include <cstddef>
#include <optional>

namespace latbench::client {

enum class ClockRelation { same, estimated };

inline constexpr std::size_t k_offset_frames = 20;

class ClockOffset {
 public:
  explicit ClockOffset(ClockRelation relation) : m_relation(relation) {}
  // The age of a frame that arrived at `arrival_ms` with `timestamp_ms`, both Unix epoch ms.
  double age(double arrival_ms, double timestamp_ms);
  // The offset subtracted; nullopt with the same clock or before any frame.
  std::optional<double> offset() const;
  ClockRelation relation() const { return m_relation; }

 private:
  ClockRelation m_relation;
  std::size_t m_seen = 0;
  double m_min = 0;
};

}  // namespace latbench::client
