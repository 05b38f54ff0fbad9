#include "client/schedule.hpp"

#include <cmath>

namespace latbench::client {

DeviceSchedule::DeviceSchedule(const ScheduleConfig& config, Nanos first_start)
    : m_config(config), m_next(first_start), m_first(first_start) {
  if (config.rate_per_s) m_period_ns = 1e9 / *config.rate_per_s;
}

void DeviceSchedule::poll(Nanos now, unsigned pending, std::vector<Nanos>& to_send) {
  if (!open_loop()) {
    if (!m_waiting && pending == 0 && now >= m_next) {
      to_send.push_back(m_next);
      m_waiting = true;
      ++m_scheduled;
    }
    return;
  }
  unsigned limit = m_config.max_in_flight;
  unsigned in_use = pending;
  while (m_next <= now) {
    if (limit == 0 || in_use < limit) {
      to_send.push_back(m_next);
      ++in_use;
      ++m_scheduled;
    } else {
      ++m_skipped;
    }
    // From the first start, not by accumulation, so rounding never drifts the frame clock.
    ++m_frame;
    m_next = m_first + Nanos(static_cast<Nanos::rep>(std::llround(m_period_ns * static_cast<double>(m_frame))));
  }
}

void DeviceSchedule::on_complete(Nanos now) {
  if (open_loop()) return;
  m_waiting = false;
  m_next = now + m_config.think;
}

std::optional<Nanos> DeviceSchedule::next_due() const {
  if (!open_loop() && m_waiting) return std::nullopt;
  return m_next;
}

}  // namespace latbench::client
