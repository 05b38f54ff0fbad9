// One workload on several event loops (client/driver_threads.hpp): the split is the shard rule
// (device k on loop k mod N, its requests and warm-up with it), sequence numbers are unique across
// the loops, the merged stats add up, a failing loop stops the others and its error comes back,
// and a Ctrl-C reaches every loop. Real threads on the steady clock, with a transport that answers
// every unit at its loop's next pass (no sockets), so the expected counts are exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "client/driver_threads.hpp"
#include "core/usable_cores.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using client::DriverPlan;
using client::ErrorClass;

namespace {

// Answers every started unit at the next advance(); `refuse`: ends each one refused, never
// having reached the target (the driver's unreachable verdict).
class InstantTransport final : public client::Transport {
 public:
  explicit InstantTransport(bool refuse = false) : m_refuse(refuse) {}
  unsigned slots_per_device() const override { return 1; }
  void start(const client::Unit& unit) override { m_pending.push_back(unit); }
  void advance(client::TransportEvents& events) override {
    auto pending = std::move(m_pending);
    m_pending.clear();
    for (const auto& u : pending) {
      client::Sample s;
      s.total_ms = 0.1;
      s.status = m_refuse ? 0 : 200;
      s.error = m_refuse ? ErrorClass::refused : ErrorClass::none;
      events.finished(u, s, !m_refuse);
    }
  }
  std::optional<Nanos> next_timer() const override { return std::nullopt; }
  void wait(Nanos at_most) override { std::this_thread::sleep_for(std::min<Nanos>(at_most, 1ms)); }
  std::uint64_t abort_all() override {
    auto n = m_pending.size();
    m_pending.clear();
    return n;
  }
  std::string failure_detail() const override { return "instant transport refused"; }

 private:
  bool m_refuse;
  std::vector<client::Unit> m_pending;
};

DriverPlan plan_of(unsigned devices, std::uint64_t requests, std::uint64_t warmup) {
  DriverPlan plan;
  plan.url = "instant://target";
  plan.bodies.push_back({{1, 2, 3}, "image/jpeg", 3});
  plan.devices = devices;
  plan.requests = requests;
  plan.warmup = warmup;
  return plan;
}

struct Collected {
  std::mutex lock;
  std::vector<client::Sample> samples;
};

client::DriverStats run_on(const std::vector<DriverPlan>& plans, std::vector<InstantTransport>& transports,
                           Collected& out, const std::atomic<int>* interrupt = nullptr) {
  std::vector<client::Transport*> loops;
  for (auto& t : transports) loops.push_back(&t);
  client::DriverHooks hooks;
  hooks.interrupt = interrupt;
  hooks.on_sample = [&out](const client::Sample& s) {
    // drive_threads promises one at a time: try_lock fails if two loops call at once.
    std::unique_lock guard(out.lock, std::try_to_lock);
    ASSERT_TRUE(guard.owns_lock()) << "two samples delivered at once";
    out.samples.push_back(s);
  };
  return client::drive_threads(plans, loops, hooks);
}

}  // namespace

TEST(DriverThreads, ResolveAutoIsTheUsableCoresCappedByDevicesAndRequests) {
  const auto cores = static_cast<unsigned>(usable_cores());
  EXPECT_EQ(*client::resolve_threads(0, 10000, 100, 0), std::min(cores, 100u));
  EXPECT_EQ(*client::resolve_threads(0, 1, 100, 0), 1u);
  EXPECT_EQ(*client::resolve_threads(0, 64, 1, 0), 1u);
  EXPECT_EQ(*client::resolve_threads(0, 64, 0, 0), std::min(cores, 64u));  // duration-bound: no request cap
  EXPECT_EQ(*client::resolve_threads(3, 4, 100, 0), 3u);
}

TEST(DriverThreads, MoreThreadsThanDevicesIsAUsageErrorNamingTheOption) {
  auto r = client::resolve_threads(4, 2, 100, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::usage);
  EXPECT_NE(std::string(r.error().what()).find("threads: 4 threads for 2 devices"), std::string::npos) << r.error().what();
  auto few = client::resolve_threads(4, 8, 2, 1);
  ASSERT_FALSE(few);
  EXPECT_NE(std::string(few.error().what()).find("for 3 requests"), std::string::npos) << few.error().what();
}

TEST(DriverThreads, SplitGivesDeviceKToLoopKModNWithItsRequests) {
  // 5 devices, 23 requests, 7 warm-up on 2 loops. Request k goes to device k mod 5: devices 0-2
  // send 5 each, devices 3-4 send 4 (23 = 4*5 + 3). Loop 0 has devices 0, 2, 4: 5+5+4 = 14;
  // loop 1 devices 1, 3: 5+4 = 9. Warm-up 7: devices 0,1 two each, 2-4 one: loop 0 4, loop 1 3.
  auto parts = client::split_plan(plan_of(5, 23, 7), 2);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].devices, 3u);
  EXPECT_EQ(parts[1].devices, 2u);
  EXPECT_EQ(parts[0].requests, 14u);
  EXPECT_EQ(parts[1].requests, 9u);
  EXPECT_EQ(parts[0].warmup, 4u);
  EXPECT_EQ(parts[1].warmup, 3u);
  EXPECT_EQ(parts[0].fleet_device(2), 4u);
  EXPECT_EQ(parts[1].fleet_device(1), 3u);
}

TEST(DriverThreads, ASplitShardKeepsItsFleetIndices) {
  // Shard 1 of 3 of a 9-device fleet runs devices 1, 4, 7; on 2 loops: loop 0 devices 1, 7, loop 1 device 4.
  auto plan = plan_of(3, 30, 0);
  plan.first_device = 1;
  plan.device_stride = 3;
  auto parts = client::split_plan(plan, 2);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].devices, 2u);
  EXPECT_EQ(parts[0].fleet_device(0), 1u);
  EXPECT_EQ(parts[0].fleet_device(1), 7u);
  EXPECT_EQ(parts[1].devices, 1u);
  EXPECT_EQ(parts[1].fleet_device(0), 4u);
}

TEST(DriverThreads, TwoLoopsRunTheWholeWorkloadWithUniqueSequenceNumbers) {
  const auto plans = client::split_plan(plan_of(5, 2000, 30), 2);
  std::vector<InstantTransport> transports(2);
  Collected out;
  auto stats = run_on(plans, transports, out);

  ASSERT_EQ(out.samples.size(), 2030u);
  std::set<std::uint64_t> seqs;
  std::size_t warm = 0;
  std::vector<std::uint64_t> per_device(5, 0);
  for (const auto& s : out.samples) {
    seqs.insert(s.seq);
    warm += s.warmup ? 1 : 0;
    ASSERT_LT(s.device, 5u);
    ++per_device[s.device];
  }
  EXPECT_EQ(seqs.size(), 2030u);
  EXPECT_EQ(*seqs.rbegin(), 2029u);  // 0..2029: none skipped, none twice
  EXPECT_EQ(warm, 30u);
  // 2030 = 406 per device: each device's requests stay with it on its loop.
  for (unsigned d = 0; d < 5; ++d) EXPECT_EQ(per_device[d], 406u) << "device " << d;
  EXPECT_EQ(stats.sent, 2030u);
  EXPECT_EQ(stats.completed, 2030u);
  ASSERT_EQ(stats.devices.size(), 5u);
  for (unsigned d = 0; d < 5; ++d) EXPECT_EQ(stats.devices[d].sent, 406u) << "device " << d;
  ASSERT_EQ(stats.threads.size(), 2u);
  EXPECT_EQ(stats.threads[0].devices, 3u);
  EXPECT_EQ(stats.threads[1].devices, 2u);
  EXPECT_EQ(stats.threads[0].sent + stats.threads[1].sent, 2030u);
  EXPECT_EQ(stats.start_lag_ms.size(), 2030u);
}

TEST(DriverThreads, OneLoopIsTheDriverItself) {
  const auto plans = client::split_plan(plan_of(3, 50, 0), 1);
  std::vector<InstantTransport> transports(1);
  Collected out;
  auto stats = run_on(plans, transports, out);
  EXPECT_EQ(out.samples.size(), 50u);
  EXPECT_TRUE(stats.threads.empty());  // nothing per thread to say
  EXPECT_EQ(out.samples.front().seq, 0u);
}

TEST(DriverThreads, AnUnreachableLoopStopsTheOthersAndItsErrorComesBack) {
  // Loop 1 refuses every unit and never reaches the target: the driver's unreachable verdict.
  // Loop 0 would run for a minute; it must stop at once.
  auto plan = plan_of(2, 0, 0);
  plan.duration = 60s;
  const auto plans = client::split_plan(plan, 2);
  std::vector<InstantTransport> transports;
  transports.emplace_back(false);
  transports.emplace_back(true);
  Collected out;
  const auto begin = std::chrono::steady_clock::now();
  try {
    run_on(plans, transports, out);
    FAIL() << "expected the unreachable error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unreachable);
    EXPECT_NE(std::string(e.what()).find("instant transport refused"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 30s);
}

TEST(DriverThreads, ACtrlCReachesEveryLoop) {
  auto plan = plan_of(4, 0, 0);
  plan.duration = 60s;
  plan.schedule.think = 1ms;
  const auto plans = client::split_plan(plan, 2);
  std::vector<InstantTransport> transports(2);
  Collected out;
  std::atomic<int> interrupt{0};
  std::thread press([&] {
    std::this_thread::sleep_for(100ms);
    interrupt.store(1);
  });
  auto stats = run_on(plans, transports, out, &interrupt);
  press.join();
  EXPECT_EQ(stats.interrupt_level, 1);
  EXPECT_LT(stats.elapsed, 30s);
  EXPECT_GT(stats.threads[0].sent, 0u);
  EXPECT_GT(stats.threads[1].sent, 0u);
}
