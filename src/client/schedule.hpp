#pragma once
// When one simulated device wants to send, as pure logic on times since the run's start (no
// clock, no sockets), so open-loop pacing and frame skipping are tested deterministically.
//   closed loop: send, wait for the answer, think, send again (an ESP32's capture loop);
//   open loop:   a frame every 1/rate whatever happens (a 30 fps camera); when max_in_flight
//                uploads are pending the frame is skipped, as streaming clients do.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/duration.hpp"

namespace latbench::client {

struct ScheduleConfig {
  std::optional<double> rate_per_s;  // set: open loop
  Nanos think{0};                    // closed loop only
  unsigned max_in_flight = 0;        // 0: unlimited (open loop); closed loop is always 1
};

class DeviceSchedule {
 public:
  DeviceSchedule(const ScheduleConfig& config, Nanos first_start);

  // Appends to `to_send` the intended start times of the frames due at `now` that should be sent,
  // given `pending` uploads of this device not finished yet (queued or in flight). Due frames that
  // would exceed max_in_flight are skipped and counted. A late caller gets every frame it missed,
  // each with its own intended time, so lag shows in latency-from-intended instead of vanishing.
  void poll(Nanos now, unsigned pending, std::vector<Nanos>& to_send);
  // An upload of this device finished at `now` (closed loop: the next one is due after think).
  void on_complete(Nanos now);
  // The next time poll() may have something to do; nullopt while a closed loop waits for an answer.
  std::optional<Nanos> next_due() const;

  std::uint64_t skipped() const { return m_skipped; }
  std::uint64_t scheduled() const { return m_scheduled; }  // frames sent (not skipped)
  bool open_loop() const { return m_config.rate_per_s.has_value(); }

 private:
  ScheduleConfig m_config;
  double m_period_ns = 0;
  Nanos m_next;                 // next intended start
  std::uint64_t m_frame = 0;    // open loop: frames due so far (intended = first + frame*period)
  Nanos m_first;
  bool m_waiting = false;       // closed loop: an upload is pending
  std::uint64_t m_skipped = 0;
  std::uint64_t m_scheduled = 0;
};

}  // namespace latbench::client
