#include "client/clock_offset.hpp"

#include <algorithm>

namespace latbench::client {

double ClockOffset::age(double arrival_ms, double timestamp_ms) {
  const double raw = arrival_ms - timestamp_ms;
  if (m_relation == ClockRelation::same) return raw;
  if (m_seen < k_offset_frames) {
    m_min = m_seen == 0 ? raw : std::min(m_min, raw);
    ++m_seen;
  }
  return raw - m_min;
}

std::optional<double> ClockOffset::offset() const {
  if (m_relation == ClockRelation::same || m_seen == 0) return std::nullopt;
  return m_min;
}

}  // namespace latbench::client
