#pragma once
// A fake transport on a fake clock, for the driver's scheduling in virtual time (the model:
// ninja's VirtualFileSystem, hyperfine's MockExecutor). A script decides, per unit, how long the
// target takes and how the unit ends; the fake enforces the plan's timeout as libcurl does, ends
// units in order of their end time (ties: in start order), and its wait() advances the clock to
// the earlier of the driver's limit and the next end, as a poll() returns on socket activity.
// No sockets, no sleeping: every time in a test is exact.
#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "client/clock.hpp"
#include "client/driver.hpp"
#include "client/http_transport.hpp"
#include "client/transport.hpp"

namespace latbench::test {

class FakeClock final : public client::Clock {
 public:
  client::SteadyTime now() const override { return m_now; }
  void set(client::SteadyTime t) { m_now = t; }
  Nanos since_epoch() const { return std::chrono::duration_cast<Nanos>(m_now.time_since_epoch()); }

 private:
  client::SteadyTime m_now{};
};

struct FakeReply {
  Nanos service{0};                          // start to end of the unit
  int status = 200;
  client::ErrorClass error = client::ErrorClass::none;
  bool reached_peer = true;
};

struct FakeStart {
  std::uint64_t seq = 0;
  unsigned device = 0;
  Nanos at{0};        // virtual time since the clock's epoch (= the run's start)
};

class FakeTransport final : public client::Transport {
 public:
  using Script = std::function<FakeReply(const client::Unit&)>;

  // Slots as the HTTP transport would give for `plan`, timeout from the plan.
  FakeTransport(FakeClock& clock, const client::DriverPlan& plan, Script script)
      : m_clock(clock), m_slots(client::http_slots_per_device(plan)), m_timeout(plan.timeout),
        m_script(std::move(script)) {}

  unsigned slots_per_device() const override { return m_slots; }

  void start(const client::Unit& unit) override {
    FakeReply reply = m_script(unit);
    if (reply.error == client::ErrorClass::none && reply.service > m_timeout) {
      reply = {m_timeout, 0, client::ErrorClass::timeout, reply.reached_peer};
    }
    m_pending.push_back({unit, unit.started + reply.service, reply});
    m_starts.push_back({unit.seq, unit.device, m_clock.since_epoch()});
    unsigned busy = 0;
    for (const auto& p : m_pending) busy += p.unit.device == unit.device ? 1 : 0;
    m_most_in_flight = std::max(m_most_in_flight, busy);
  }

  void advance(client::TransportEvents& events) override {
    // A driver that goes round without waiting would hang a virtual-time test: fail it instead.
    m_rounds_now = m_clock.now() == m_last_round ? m_rounds_now + 1 : 0;
    m_last_round = m_clock.now();
    if (m_rounds_now > 100000) throw std::runtime_error("fake transport: the driver spins without waiting");
    for (;;) {
      auto next = earliest();
      if (next == m_pending.end() || next->ends > m_clock.now()) return;
      Pending p = *next;
      m_pending.erase(next);
      client::Sample s;
      s.total_ms = to_ms(std::chrono::duration_cast<Nanos>(p.ends - p.unit.started));
      s.status = p.reply.status;
      s.error = p.reply.error;
      s.bytes_up = 100;
      m_reporting = samples::error_class_name(p.reply.error);
      events.finished(p.unit, s, p.reply.reached_peer);
    }
  }

  std::optional<Nanos> next_timer() const override { return std::nullopt; }

  void wait(Nanos at_most) override {
    ++m_waits;
    client::SteadyTime until = m_clock.now() + at_most;
    if (auto next = earliest(); next != m_pending.end()) until = std::min(until, std::max(next->ends, m_clock.now()));
    m_clock.set(until);
  }

  std::uint64_t abort_all() override {
    std::uint64_t n = m_pending.size();
    m_pending.clear();
    return n;
  }

  std::string failure_detail() const override { return "fake " + std::string(m_reporting); }

  const std::vector<FakeStart>& starts() const { return m_starts; }
  unsigned most_in_flight_per_device() const { return m_most_in_flight; }
  std::uint64_t waits() const { return m_waits; }

 private:
  struct Pending {
    client::Unit unit;
    client::SteadyTime ends;
    FakeReply reply;
  };

  std::vector<Pending>::iterator earliest() {
    return std::min_element(m_pending.begin(), m_pending.end(),
                            [](const Pending& a, const Pending& b) { return a.ends < b.ends; });
  }
  std::vector<Pending>::const_iterator earliest() const {
    return std::min_element(m_pending.begin(), m_pending.end(),
                            [](const Pending& a, const Pending& b) { return a.ends < b.ends; });
  }

  FakeClock& m_clock;
  unsigned m_slots;
  Nanos m_timeout;
  Script m_script;
  std::vector<Pending> m_pending;   // in start order, so min_element breaks ties by start
  std::vector<FakeStart> m_starts;
  unsigned m_most_in_flight = 0;
  std::uint64_t m_waits = 0;
  std::string_view m_reporting;
  client::SteadyTime m_last_round{};
  std::uint64_t m_rounds_now = 0;
};

// One driven run in virtual time: the driver's stats and the samples in end order.
struct FakeRun {
  client::DriverStats stats;
  std::vector<client::Sample> samples;
};

inline client::DriverPlan fake_plan() {
  client::DriverPlan plan;
  plan.url = "fake://target";
  plan.bodies.push_back({{1, 2, 3}, "image/jpeg", 3});
  return plan;
}

// A plan, a fake clock and a fake transport; run() drives the plan once.
class FakeDriver {
 public:
  FakeDriver(client::DriverPlan plan, FakeTransport::Script script)
      : m_plan(std::move(plan)), m_transport(m_clock, m_plan, std::move(script)) {}

  // `on_tick` gets the virtual time since the start (to press Ctrl-C at a given moment).
  FakeRun run(std::function<void(Nanos)> on_tick = {}, const std::atomic<int>* interrupt = nullptr) {
    FakeRun out;
    client::DriverHooks hooks;
    hooks.on_sample = [&out](const client::Sample& s) { out.samples.push_back(s); };
    if (on_tick) {
      hooks.on_tick = [&on_tick](client::SteadyTime now) {
        on_tick(std::chrono::duration_cast<Nanos>(now.time_since_epoch()));
      };
    }
    hooks.interrupt = interrupt;
    out.stats = client::drive(m_plan, hooks, m_transport, m_clock);
    return out;
  }

  const FakeTransport& transport() const { return m_transport; }
  Nanos now() const { return m_clock.since_epoch(); }

 private:
  client::DriverPlan m_plan;
  FakeClock m_clock;
  FakeTransport m_transport;
};

// Every unit takes `service` and is answered 200.
inline FakeTransport::Script always(Nanos service) {
  return [service](const client::Unit&) { return FakeReply{service}; };
}

}  // namespace latbench::test
