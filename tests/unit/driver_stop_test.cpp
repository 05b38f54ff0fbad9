// How the driver ends units and runs in virtual time (tests/unit/fake_transport.hpp): timeouts,
// a target that cannot be reached, and Ctrl-C at levels 1 (stop scheduling, let in-flight end)
// and 2 (abort in flight). Expected numbers derived by hand in the comments.
#include <gtest/gtest.h>

#include <atomic>

#include "fake_transport.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using client::ErrorClass;
using test::FakeDriver;
using test::FakeReply;
using test::always;

TEST(DriverStop, ATimeoutEndsTheUploadAtTheTimeoutAndTheLoopGoesOn) {
  // Closed loop, 300 ms timeout, seq 1 would take 2 s: 0..10, 10..310 (timeout), 310..320.
  auto plan = test::fake_plan();
  plan.requests = 3;
  plan.timeout = 300ms;
  FakeDriver driver(plan, [](const client::Unit& u) { return FakeReply{u.seq == 1 ? 2000ms : 10ms}; });
  auto r = driver.run();
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(r.samples[1].error, ErrorClass::timeout);
  EXPECT_DOUBLE_EQ(r.samples[1].total_ms, 300);
  EXPECT_DOUBLE_EQ(r.samples[2].start_ms, 310);
  EXPECT_EQ(r.stats.elapsed, 320ms);
}

TEST(DriverStop, ATimeoutReportedAHairEarlyIsRecordedAsTheTimeout) {
  // libcurl's clock can read 299.7 ms for the 300 ms it enforced: the sample says 300.
  auto plan = test::fake_plan();
  plan.requests = 2;
  plan.timeout = 300ms;
  FakeDriver driver(plan, [](const client::Unit& u) {
    if (u.seq == 1) return FakeReply{299'700us, 0, ErrorClass::timeout};
    return FakeReply{10ms};
  });
  auto r = driver.run();
  ASSERT_EQ(r.samples.size(), 2u);
  EXPECT_DOUBLE_EQ(r.samples[1].total_ms, 300);
  EXPECT_DOUBLE_EQ(r.samples[0].total_ms, 10);
}

TEST(DriverStop, NothingEverReachedIsUnreachableButALaterRefusalIsASample) {
  auto plan = test::fake_plan();
  plan.requests = 3;
  FakeDriver refused(plan, [](const client::Unit&) { return FakeReply{1ms, 0, ErrorClass::refused, false}; });
  try {
    refused.run();
    FAIL() << "expected unreachable";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unreachable);
    std::string what = e.what();
    EXPECT_NE(what.find("cannot reach fake://target: connection refused (fake refused)"), std::string::npos) << what;
  }
  // A timeout before anything connected is unreachable too.
  plan.timeout = 1s;
  FakeDriver silent_short(plan, [](const client::Unit&) { return FakeReply{5s, 200, ErrorClass::none, false}; });
  EXPECT_THROW(silent_short.run(), Error);
  // Once one upload got through, refusals are the target failing: samples, and the run goes on.
  FakeDriver later(plan, [](const client::Unit& u) {
    return u.seq == 0 ? FakeReply{1ms} : FakeReply{1ms, 0, ErrorClass::refused, false};
  });
  auto r = later.run();
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(r.samples[2].error, ErrorClass::refused);
}

TEST(DriverStop, FirstCtrlCStopsSchedulingCancelsTheQueueAndLetsInFlightEnd) {
  // Open loop 50/s on one persistent connection, 50 ms service, 10 s duration. seq 0: 0..50;
  // frames of 20 and 40 queue; seq 1 (f20): 50..100; seq 2 (f40): 100..150. Frames of 60, 80,
  // 100, 120, 140 queue behind it. Ctrl-C is pressed in the tick at 140 ms; at 150 the driver
  // sees it: the 5 queued frames are cancelled, seq 2 ends, and the run stops at 150.
  auto plan = test::fake_plan();
  plan.requests = 0;
  plan.duration = 10s;
  plan.schedule.rate_per_s = 50;
  plan.connection.mode = client::ConnectionMode::persistent;
  FakeDriver driver(plan, always(50ms));
  std::atomic<int> interrupt{0};
  auto r = driver.run([&](Nanos now) { if (now >= 140ms && interrupt == 0) interrupt = 1; }, &interrupt);
  EXPECT_EQ(r.stats.interrupt_level, 1);
  EXPECT_EQ(r.stats.sent, 3u);
  EXPECT_EQ(r.stats.completed, 3u);
  EXPECT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(r.stats.cancelled, 5u);
  EXPECT_EQ(r.stats.aborted, 0u);
  EXPECT_EQ(r.stats.elapsed, 150ms);
  EXPECT_DOUBLE_EQ(r.samples.back().intended_start_ms, 40);
}

TEST(DriverStop, SecondCtrlCAbortsInFlightAtOnce) {
  // Closed loop, 60 s timeout; seq 0 takes 10 ms, seq 1 (started at 10) would take 20 s. With
  // nothing due, the driver wakes every 100 ms: ticks at 10, 110, ..., 1010 ms, where Ctrl-C is
  // pressed twice; at 1110 it aborts seq 1 and stops, 19 s before seq 1 would have ended.
  auto plan = test::fake_plan();
  plan.requests = 5;
  plan.timeout = 60s;
  FakeDriver driver(plan, [](const client::Unit& u) { return FakeReply{u.seq == 0 ? 10ms : 20s}; });
  std::atomic<int> interrupt{0};
  auto r = driver.run([&](Nanos now) { if (now >= 1000ms) interrupt = 2; }, &interrupt);
  EXPECT_EQ(r.stats.interrupt_level, 2);
  EXPECT_EQ(r.stats.sent, 2u);
  EXPECT_EQ(r.stats.completed, 1u);
  EXPECT_EQ(r.stats.aborted, 1u);
  EXPECT_EQ(r.stats.cancelled, 0u);
  EXPECT_EQ(r.samples.size(), 1u);
  EXPECT_EQ(r.stats.elapsed, 1110ms);
}
