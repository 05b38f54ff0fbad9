#pragma once
// Bandwidth as a token bucket: tokens (bytes) accrue at the link rate up to `burst`; a chunk
// leaves when the bucket has paid for it. The bucket may go into debt, which is how a chunk
// larger than the burst queues behind the ones before it (a FIFO transmit queue).
#include <chrono>
#include <cstddef>

namespace latbench::link {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // bits_per_s <= 0: unlimited (send() returns `now`).
  TokenBucket(double bits_per_s, std::size_t burst_bytes);

  // The time at which `bytes` offered at `now` have been transmitted. Calls must come with
  // non-decreasing `now`.
  Clock::time_point send(Clock::time_point now, std::size_t bytes);

  // The time at which every byte sent so far has been transmitted (the debt is paid): a reader
  // that takes bytes from its source no sooner than this holds at most one chunk waiting for the
  // link, and the source sees the link's rate as back-pressure. Clock::time_point{} before the
  // first send or when unlimited.
  Clock::time_point paid_at() const;

  bool unlimited() const { return m_bytes_per_s <= 0; }

 private:
  double m_bytes_per_s;
  double m_burst;
  double m_tokens;  // may be negative: bytes still waiting to go out
  Clock::time_point m_last{};
  bool m_started = false;
};

}  // namespace latbench::link
