#include "client/driver.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <memory>

#include "client/clock.hpp"
#include "client/http_transport.hpp"
#include "client/transport.hpp"
#include "client/ws_transport.hpp"

namespace latbench::client {
namespace {

struct Device {
  DeviceSchedule schedule;
  std::deque<Nanos> queue;   // intended starts waiting for a free connection slot
  unsigned in_flight = 0;
  Nanos last_freed{0};       // when a unit of this device last ended (a slot freed up)
  unsigned slots = 1;        // units this device may have in flight at once
  DeviceTotals totals;
};

const char* unreachable_reason(ErrorClass e) {
  switch (e) {
    case ErrorClass::refused: return "connection refused";
    case ErrorClass::dns: return "host name not resolved";
    case ErrorClass::timeout: return "no answer within the timeout";
    default: return "cannot connect";
  }
}

double cpu_seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

class Loop final : public TransportEvents {
 public:
  Loop(const DriverPlan& plan, const DriverHooks& hooks, Transport& transport, const Clock& clock)
      : m_plan(plan), m_hooks(hooks), m_transport(transport), m_clock(clock) {
    m_slots = transport.slots_per_device();
    m_budget = plan.requests == 0 && plan.duration ? std::numeric_limits<std::uint64_t>::max()
                                                   : plan.warmup + plan.requests;
  }

  DriverStats run() {
    rusage before{};
    getrusage(RUSAGE_THREAD, &before);
    m_t0 = m_hooks.start ? *m_hooks.start : m_clock.now();
    m_stats.wall_start = m_hooks.start ? m_hooks.start_wall : wall_now();
    for (unsigned d = 0; d < m_plan.devices; ++d) {
      m_devices.push_back(Device{DeviceSchedule(m_plan.schedule, Nanos(0)), {}, 0, Nanos(0), m_slots, {}});
    }
    std::vector<Nanos> due;
    for (;;) {
      Nanos now = since_start();
      int interrupt = m_hooks.interrupt ? m_hooks.interrupt->load() : 0;
      m_stats.interrupt_level = std::max(m_stats.interrupt_level, interrupt);
      if (interrupt >= 2) {
        abort_in_flight();
        break;
      }
      const bool more = interrupt == 0 && m_issued < m_budget && !(m_plan.duration && now >= *m_plan.duration);
      if (more && !m_stats.silent && m_unanswered >= m_plan.silent_failures && now - m_last_answer >= m_plan.silence) {
        m_stats.silent = TargetSilence{m_answered ? std::optional<Nanos>(m_last_answer) : std::nullopt,
                                       m_unanswered, 0, now};
      }
      const bool scheduling = more && !m_stats.silent;
      if (scheduling) {
        schedule(now, due);
      } else if (interrupt > 0 || m_stats.silent) {  // what was due but not started is not sent
        for (auto& dev : m_devices) {
          m_stats.cancelled += dev.queue.size();
          dev.queue.clear();
        }
      }
      start_ready();
      m_transport.advance(*this);
      if (!scheduling && m_in_flight == 0 && queues_empty()) break;
      if (m_hooks.on_tick) m_hooks.on_tick(m_clock.now());
      // Nothing to wait for (a closed-loop device's next unit is due now): go round at once.
      // A zero-timeout wait would cost a poll() per request for nothing.
      if (int wait = wait_ms(scheduling); wait > 0) {
        m_transport.wait(std::chrono::milliseconds(wait));
      }
    }
    m_stats.elapsed = since_start();
    rusage after{};
    getrusage(RUSAGE_THREAD, &after);
    m_stats.cpu_user_s = cpu_seconds(after.ru_utime) - cpu_seconds(before.ru_utime);
    m_stats.cpu_system_s = cpu_seconds(after.ru_stime) - cpu_seconds(before.ru_stime);
    for (const auto& dev : m_devices) m_stats.devices.push_back(dev.totals);
    return std::move(m_stats);
  }

 private:
  Nanos since_start() const { return std::chrono::duration_cast<Nanos>(m_clock.now() - m_t0); }

  void schedule(Nanos now, std::vector<Nanos>& due) {
    for (auto& dev : m_devices) {
      if (m_issued >= m_budget) break;
      due.clear();
      std::uint64_t skipped_before = dev.schedule.skipped();
      dev.schedule.poll(now, dev.in_flight + static_cast<unsigned>(dev.queue.size()), due);
      dev.totals.skipped += dev.schedule.skipped() - skipped_before;
      m_stats.skipped += dev.schedule.skipped() - skipped_before;
      for (Nanos intended : due) {
        if (m_issued >= m_budget) break;
        dev.queue.push_back(intended);
        ++m_issued;
      }
    }
  }

  void start_ready() {
    for (unsigned d = 0; d < m_devices.size(); ++d) {
      auto& dev = m_devices[d];
      while (!dev.queue.empty() && dev.in_flight < dev.slots) {
        start(d, dev.queue.front());
        dev.queue.pop_front();
      }
    }
  }

  void start(unsigned d, Nanos intended) {
    Unit unit;
    unit.seq = m_hooks.next_seq ? m_hooks.next_seq->fetch_add(1, std::memory_order_relaxed) : m_started;
    unit.device = d;
    unit.body = unit.seq % m_plan.bodies.size();
    unit.warmup = m_started < m_plan.warmup;  // this loop's first units: its share of the warm-up
    ++m_started;
    unit.intended = intended;
    unit.started = m_clock.now();
    // latbench's own lag: late against when the unit could start (its intended time, or when a
    // connection slot freed up); waiting for a busy connection is the target's delay, not ours.
    Nanos eligible = std::max(intended, m_devices[d].last_freed);
    m_stats.start_lag_ms.push_back(to_ms(std::chrono::duration_cast<Nanos>(unit.started - m_t0) - eligible));
    m_transport.start(unit);
    ++m_devices[d].in_flight;
    ++m_devices[d].totals.sent;
    ++m_stats.sent;
    ++m_in_flight;
  }

  void finished(const Unit& unit, Sample& s, bool reached_peer) override {
    s.seq = unit.seq;
    s.device = m_plan.fleet_device(unit.device);  // a shard's devices keep their fleet index
    s.warmup = unit.warmup;
    s.intended_start_ms = to_ms(unit.intended);
    s.start_ms = to_ms(std::chrono::duration_cast<Nanos>(unit.started - m_t0));
    // libcurl's own clock can read a hair under the timeout it just enforced (299.7 ms for
    // 300 ms): a timed-out request waited at least the timeout, and is recorded as such.
    if (s.error == ErrorClass::timeout) s.total_ms = std::max(s.total_ms, to_ms(m_plan.timeout));
    if (m_plan.schedule.rate_per_s) {
      s.latency_from_intended_ms = s.start_ms - s.intended_start_ms + s.total_ms;
    }
    m_any_connected = m_any_connected || reached_peer;
    if (!m_any_connected && (s.error == ErrorClass::refused || s.error == ErrorClass::dns ||
                             s.error == ErrorClass::timeout)) {
      throw Error(ErrorKind::unreachable,
                  fmt::format("cannot reach {}: {} ({}). Is the server running?",
                              m_plan.url, unreachable_reason(s.error), m_transport.failure_detail()));
    }
    auto& dev = m_devices[unit.device];
    --dev.in_flight;
    --m_in_flight;
    Nanos now = since_start();
    note_answer(s.status > 0, now);
    dev.last_freed = now;
    dev.schedule.on_complete(now);
    ++m_stats.completed;
    if (m_hooks.on_sample) m_hooks.on_sample(s);
  }

  // For DriverPlan::silence: the last answer, and how many uploads ended without one since.
  void note_answer(bool answered, Nanos now) {
    if (answered) {
      m_answered = true;
      m_last_answer = now;
      m_unanswered = 0;
    } else {
      ++m_unanswered;
    }
    if (!m_stats.silent) return;
    ++(answered ? m_stats.silent->answered_after : m_stats.silent->unanswered);
  }

  bool queues_empty() const {
    return std::all_of(m_devices.begin(), m_devices.end(), [](const Device& d) { return d.queue.empty(); });
  }

  void abort_in_flight() {
    m_stats.aborted += m_transport.abort_all();
    m_in_flight = 0;
    for (auto& dev : m_devices) {
      dev.in_flight = 0;
      m_stats.cancelled += dev.queue.size();
      dev.queue.clear();
    }
  }

  int wait_ms(bool scheduling) {
    // At most 100 ms: Ctrl-C, flushing and the progress line are checked between waits.
    long wait = 100;
    if (auto timer = m_transport.next_timer()) wait = std::min(wait, ceil_ms(*timer));
    for (const auto& dev : m_devices) {
      if (!dev.queue.empty() && dev.in_flight < dev.slots) return 0;  // a slot freed up
    }
    if (scheduling) {
      Nanos now = since_start();
      for (const auto& dev : m_devices) {
        auto due = dev.schedule.next_due();
        if (!due) continue;
        if (*due <= now) return 0;
        // Round up: waking early would spin; waking up to 1 ms late shows as start lag.
        wait = std::min(wait, ceil_ms(*due - now));
      }
    }
    return static_cast<int>(std::max(0L, wait));
  }

  static long ceil_ms(Nanos d) { return static_cast<long>((d + Nanos(999'999)).count() / 1'000'000); }

  const DriverPlan& m_plan;
  const DriverHooks& m_hooks;
  Transport& m_transport;
  const Clock& m_clock;
  unsigned m_slots = 1;
  std::uint64_t m_budget = 0;
  std::uint64_t m_issued = 0;
  std::uint64_t m_started = 0;   // units this loop started
  std::uint64_t m_in_flight = 0;
  bool m_any_connected = false;
  bool m_answered = false;        // any unit got an answer
  Nanos m_last_answer{0};         // when the last answered unit ended (0: the start)
  std::uint64_t m_unanswered = 0; // units ended without an answer since then
  SteadyTime m_t0;
  std::deque<Device> m_devices;  // deque: Device is move-only and never relocated
  DriverStats m_stats;
};

}  // namespace

DriverStats drive(const DriverPlan& plan, const DriverHooks& hooks, Transport& transport,
                  const Clock& clock) {
  if (plan.bodies.empty()) throw Error(ErrorKind::internal, "driver: no payload to send");
  Loop loop(plan, hooks, transport, clock);
  return loop.run();
}

DriverStats drive(const DriverPlan& plan, const DriverHooks& hooks) {
  if (plan.bodies.empty()) throw Error(ErrorKind::internal, "driver: no payload to send");
  auto transport = make_http_transport(plan);
  SteadyClock clock;
  return drive(plan, hooks, *transport, clock);
}

}  // namespace latbench::client

namespace latbench::client {

DriverStats drive(const DriverPlan& plan, const DriverHooks& hooks, const WsOptions& ws) {
  if (plan.bodies.empty()) throw Error(ErrorKind::internal, "driver: no payload to send");
  auto transport = make_ws_transport(plan, ws);
  SteadyClock clock;
  return drive(plan, hooks, *transport, clock);
}

}  // namespace latbench::client
