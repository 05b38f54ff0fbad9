// The driver's scheduling in virtual time (fake transport and clock, tests/unit/fake_transport.hpp):
// closed and open loop, max-in-flight skipping, connection slots, start lag, warm-up, duration,
// several devices. Every expected number is derived by hand in the comments; the loop runs, per
// round: schedule due frames, start what has a free slot, collect ended units, then wait until
// the next due frame (rounded up to whole ms) or the next end, whichever is first.
#include <gtest/gtest.h>

#include "fake_transport.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using client::ConnectionMode;
using test::FakeDriver;
using test::always;

namespace {

std::vector<double> starts_ms(const test::FakeRun& r) {
  std::vector<double> out;
  for (const auto& s : r.samples) out.push_back(s.start_ms);
  return out;
}

}  // namespace

TEST(DriverPacing, ClosedLoopSendsAfterTheAnswerAndTheThink) {
  // 10 ms service, 5 ms think, 3 requests: 0..10, think to 15, 15..25, think to 30, 30..40.
  auto plan = test::fake_plan();
  plan.requests = 3;
  plan.schedule.think = 5ms;
  FakeDriver driver(plan, always(10ms));
  auto r = driver.run();
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(starts_ms(r), (std::vector<double>{0, 15, 30}));
  for (const auto& s : r.samples) {
    EXPECT_DOUBLE_EQ(s.total_ms, 10);
    EXPECT_DOUBLE_EQ(s.intended_start_ms, s.start_ms);  // closed loop: intended = when due
    EXPECT_FALSE(s.latency_from_intended_ms.has_value());
  }
  EXPECT_EQ(r.stats.elapsed, 40ms);
  EXPECT_EQ(r.stats.sent, 3u);
  EXPECT_EQ(r.stats.completed, 3u);
  EXPECT_EQ(driver.transport().most_in_flight_per_device(), 1u);
}

TEST(DriverPacing, OpenLoopSendsOnTheFrameClockWhileAnswersArePending) {
  // 50/s = a frame every 20 ms, 30 ms service, 5 requests, new connection per upload (slots
  // unlimited): starts at 0, 20, 40, 60, 80, each ends 30 ms later, so two overlap at a time.
  // The last ends at 110 ms.
  auto plan = test::fake_plan();
  plan.requests = 5;
  plan.schedule.rate_per_s = 50;
  FakeDriver driver(plan, always(30ms));
  auto r = driver.run();
  ASSERT_EQ(r.samples.size(), 5u);
  EXPECT_EQ(starts_ms(r), (std::vector<double>{0, 20, 40, 60, 80}));
  for (const auto& s : r.samples) {
    ASSERT_TRUE(s.latency_from_intended_ms.has_value());
    EXPECT_DOUBLE_EQ(*s.latency_from_intended_ms, 30);
  }
  EXPECT_EQ(driver.transport().most_in_flight_per_device(), 2u);
  EXPECT_EQ(r.stats.elapsed, 110ms);
  EXPECT_EQ(r.stats.skipped, 0u);
}

TEST(DriverPacing, OpenLoopOnOneConnectionShowsAStallInLatencyFromIntended) {
  // One persistent connection (1 slot), a frame every 20 ms, 10 ms service except seq 1, 100 ms.
  // seq 0: 0..10. seq 1: 20..120. Frames of 40, 60, 80, 100 queue behind it and go one after the
  // other from 120: 120..130, 130..140, 140..150, 150..160. Latency from intended = start -
  // intended + total: 10, 100, 120-40+10 = 90, 130-60+10 = 80, 70, 60. Their service times stay
  // 10 ms (a closed-loop tool would report only those: coordinated omission).
  auto plan = test::fake_plan();
  plan.requests = 6;
  plan.schedule.rate_per_s = 50;
  plan.connection.mode = ConnectionMode::persistent;
  FakeDriver driver(plan, [](const client::Unit& u) { return test::FakeReply{u.seq == 1 ? 100ms : 10ms}; });
  auto r = driver.run();
  ASSERT_EQ(r.samples.size(), 6u);
  EXPECT_EQ(starts_ms(r), (std::vector<double>{0, 20, 120, 130, 140, 150}));
  std::vector<double> from_intended, intended;
  for (const auto& s : r.samples) {
    from_intended.push_back(*s.latency_from_intended_ms);
    intended.push_back(s.intended_start_ms);
  }
  EXPECT_EQ(from_intended, (std::vector<double>{10, 100, 90, 80, 70, 60}));
  EXPECT_EQ(intended, (std::vector<double>{0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(r.stats.elapsed, 160ms);
  // Waiting for the busy connection is the target's delay, not latbench's: no start lag at all.
  for (double lag : r.stats.start_lag_ms.values()) EXPECT_DOUBLE_EQ(lag, 0);
}

TEST(DriverPacing, MaxInFlightSkipsExactlyTheFramesDueWhileTwoArePending) {
  // 50/s for 1 s: frames at 0, 20, ..., 980 ms (50; scheduling stops at 1000). Pool of 2, at
  // most 2 pending, every upload 200 ms. Sent: 0 and 20 (ending 200, 220). Due while 2 pending:
  // 40..180 (8) and 200 too (the driver schedules before it collects the answer ending at
  // 200): 9 skipped. At 220 one is free: 220 sent; 240 sent (ending 420, 440); 260..420 skipped
  // (9). Likewise 440, 460 sent, 480..640 skipped (9); 660, 680 sent, 700..860 skipped (9);
  // 880, 900 sent (ending 1080, 1100), 920..980 skipped (4). Sent 10, skipped 9*4 + 4 = 40.
  auto plan = test::fake_plan();
  plan.requests = 0;
  plan.duration = 1s;
  plan.schedule.rate_per_s = 50;
  plan.schedule.max_in_flight = 2;
  plan.connection.mode = ConnectionMode::pool;
  plan.connection.pool = 2;
  FakeDriver driver(plan, always(200ms));
  auto r = driver.run();
  EXPECT_EQ(r.stats.sent, 10u);
  EXPECT_EQ(r.stats.skipped, 40u);
  ASSERT_EQ(r.stats.devices.size(), 1u);
  EXPECT_EQ(r.stats.devices[0].skipped, 40u);
  EXPECT_EQ(r.samples.size(), 10u);
  EXPECT_EQ(starts_ms(r), (std::vector<double>{0, 20, 220, 240, 440, 460, 660, 680, 880, 900}));
  EXPECT_EQ(r.stats.elapsed, 1100ms);
  EXPECT_EQ(driver.transport().most_in_flight_per_device(), 2u);
}

TEST(DriverPacing, APoolCarriesAtMostItsSizeAtOnce) {
  // 200/s (every 5 ms) with 50 ms service on a pool of 3: 10 frames are due per service time,
  // only 3 are ever in flight; the rest wait in the queue (not skipped: no max-in-flight).
  // Starts 0, 5, 10; each end frees a slot for the next queued frame: 50, 55, 60; 100, 105,
  // 110; ... the 10th triple starts at 450, 455, 460, and the last ends at 510.
  auto plan = test::fake_plan();
  plan.requests = 30;
  plan.schedule.rate_per_s = 200;
  plan.connection.mode = ConnectionMode::pool;
  plan.connection.pool = 3;
  FakeDriver driver(plan, always(50ms));
  auto r = driver.run();
  EXPECT_EQ(driver.transport().most_in_flight_per_device(), 3u);
  EXPECT_EQ(r.stats.skipped, 0u);
  EXPECT_EQ(r.samples.size(), 30u);
  EXPECT_DOUBLE_EQ(r.samples.back().start_ms, 460);
  EXPECT_DOUBLE_EQ(r.samples[3].start_ms, 50);
  EXPECT_EQ(r.stats.elapsed, 510ms);
}

TEST(DriverPacing, StartLagIsTheWakeUpRoundedToWholeMilliseconds) {
  // 30/s: frames at 0, 33.333333, 66.666667 (llround), 100 ms; 1 ms service. After each answer
  // the driver waits until the next frame rounded up to a whole ms from now:
  //   at 1 ms: 32.333333 -> 33 ms, wakes at 34: lag 34 - 33.333333 = 0.666667 ms;
  //   at 35 ms: 31.666667 -> 32, wakes at 67: lag 0.333333 ms; at 68: 32 exactly, wakes at 100.
  auto plan = test::fake_plan();
  plan.requests = 4;
  plan.schedule.rate_per_s = 30;
  FakeDriver driver(plan, always(1ms));
  auto r = driver.run();
  auto lag = r.stats.start_lag_ms.values();
  ASSERT_EQ(lag.size(), 4u);
  EXPECT_NEAR(lag[0], 0, 1e-9);
  EXPECT_NEAR(lag[1], 34 - 33.333333, 1e-9);
  EXPECT_NEAR(lag[2], 67 - 66.666667, 1e-9);
  EXPECT_NEAR(lag[3], 0, 1e-9);
  EXPECT_EQ(starts_ms(r), (std::vector<double>{0, 34, 67, 100}));
  // The lag shows in latency from intended too: 1 ms service + its lag.
  EXPECT_NEAR(*r.samples[1].latency_from_intended_ms, 1 + (34 - 33.333333), 1e-9);
}

TEST(DriverPacing, WarmupRequestsComeFirstAndAreMarked) {
  // 2 warm-up + 3 measured, closed loop: 5 requests, seq 0 and 1 marked.
  auto plan = test::fake_plan();
  plan.requests = 3;
  plan.warmup = 2;
  FakeDriver driver(plan, always(10ms));
  auto r = driver.run();
  ASSERT_EQ(r.samples.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(r.samples[i].seq, i);
    EXPECT_EQ(r.samples[i].warmup, i < 2) << i;
  }
  EXPECT_EQ(r.stats.elapsed, 50ms);
}

TEST(DriverPacing, DurationStopsSchedulingAndLetsTheLastUploadEnd) {
  // Closed loop, 30 ms service, 100 ms duration, no request cap: starts at 0, 30, 60, 90 (90 <
  // 100 is still scheduling); the upload started at 90 ends at 120, and nothing starts after.
  auto plan = test::fake_plan();
  plan.requests = 0;
  plan.duration = 100ms;
  FakeDriver driver(plan, always(30ms));
  auto r = driver.run();
  EXPECT_EQ(starts_ms(r), (std::vector<double>{0, 30, 60, 90}));
  EXPECT_EQ(r.stats.elapsed, 120ms);
  // With a request cap as well, the cap ends it first.
  plan.requests = 2;
  FakeDriver capped(plan, always(30ms));
  EXPECT_EQ(capped.run().samples.size(), 2u);
}

TEST(DriverPacing, DevicesKeepTheirOwnLoopsAndShareTheRequestBudget) {
  // 3 devices in closed loop, device d answers in 10*(d+1) ms, 7 requests in all. t=0: seq 0,
  // 1, 2 on devices 0, 1, 2 (ending 10, 20, 30). t=10: device 0 again (seq 3, ends 20). t=20:
  // seq 1 and 3 end (start order breaks the tie); device 0 gets seq 4 (ends 30), device 1 seq 5
  // (ends 40). t=30: seq 2 and 4 end; device 0 takes seq 6, the last of the budget, so device 2
  // gets nothing more. t=40: seq 5 and 6 end. Per device: 4, 2, 1.
  auto plan = test::fake_plan();
  plan.devices = 3;
  plan.requests = 7;
  FakeDriver driver(plan, [](const client::Unit& u) { return test::FakeReply{10ms * (u.device + 1)}; });
  auto r = driver.run();
  std::vector<std::uint64_t> order;
  for (const auto& s : r.samples) order.push_back(s.seq);
  EXPECT_EQ(order, (std::vector<std::uint64_t>{0, 1, 3, 2, 4, 5, 6}));
  ASSERT_EQ(r.stats.devices.size(), 3u);
  EXPECT_EQ(r.stats.devices[0].sent, 4u);
  EXPECT_EQ(r.stats.devices[1].sent, 2u);
  EXPECT_EQ(r.stats.devices[2].sent, 1u);
  std::vector<unsigned> devices;
  for (const auto& start : driver.transport().starts()) devices.push_back(start.device);
  EXPECT_EQ(devices, (std::vector<unsigned>{0, 1, 2, 0, 0, 1, 0}));
  EXPECT_EQ(r.stats.elapsed, 40ms);
}

TEST(DriverPacing, HttpSlotsFollowTheConnectionMode) {
  auto plan = test::fake_plan();
  EXPECT_EQ(client::http_slots_per_device(plan), 1u);  // new connection, closed loop
  plan.schedule.rate_per_s = 10;
  EXPECT_EQ(client::http_slots_per_device(plan), std::numeric_limits<unsigned>::max());
  plan.schedule.max_in_flight = 4;
  EXPECT_EQ(client::http_slots_per_device(plan), 4u);
  plan.connection.mode = ConnectionMode::persistent;
  EXPECT_EQ(client::http_slots_per_device(plan), 1u);
  plan.connection.mode = ConnectionMode::pool;
  plan.connection.pool = 3;
  EXPECT_EQ(client::http_slots_per_device(plan), 3u);
}
