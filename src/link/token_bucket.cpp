#include "link/token_bucket.hpp"

#include <algorithm>

namespace latbench::link {

TokenBucket::TokenBucket(double bits_per_s, std::size_t burst_bytes)
    : m_bytes_per_s(bits_per_s / 8), m_burst(static_cast<double>(burst_bytes)), m_tokens(m_burst) {}

TokenBucket::Clock::time_point TokenBucket::send(Clock::time_point now, std::size_t bytes) {
  if (unlimited()) return now;
  if (m_started) {
    double elapsed = std::chrono::duration<double>(now - m_last).count();
    m_tokens = std::min(m_burst, m_tokens + elapsed * m_bytes_per_s);
  }
  m_started = true;
  m_last = now;
  m_tokens -= static_cast<double>(bytes);
  if (m_tokens >= 0) return now;
  auto wait = std::chrono::duration<double>(-m_tokens / m_bytes_per_s);
  return now + std::chrono::duration_cast<Clock::duration>(wait);
}

TokenBucket::Clock::time_point TokenBucket::paid_at() const {
  if (unlimited() || !m_started || m_tokens >= 0) return m_started ? m_last : Clock::time_point{};
  auto wait = std::chrono::duration<double>(-m_tokens / m_bytes_per_s);
  return m_last + std::chrono::duration_cast<Clock::duration>(wait);
}

}  // namespace latbench::link
