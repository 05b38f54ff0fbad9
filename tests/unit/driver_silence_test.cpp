// The driver's "target stopped answering" rule (DriverPlan::silence, silent_failures) in virtual
// time: scheduling stops once no unit got an answer for `silence` AND at least `silent_failures`
// ended without one since the last answer; in-flight units still end and are counted. Both
// conditions are needed: a slow target that answers is not silent, and three timeouts spread
// over 30 s stop the run at the third, not at 3 s. Expected times derived by hand in the comments
// (the driver checks the rule at the top of each loop pass, before it schedules, and a unit that
// ends at T is reported in the pass after the wait that reached T).
#include <gtest/gtest.h>

#include "fake_transport.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using client::ErrorClass;
using test::FakeDriver;
using test::FakeReply;

namespace {

// seq 0 is answered; every later unit gets `failure` after `service` (no HTTP answer).
test::FakeTransport::Script answered_once_then(Nanos service, ErrorClass failure) {
  return [=](const client::Unit& u) {
    if (u.seq == 0) return FakeReply{10ms};
    return FakeReply{service, 0, failure, failure != ErrorClass::refused};
  };
}

}  // namespace

TEST(DriverSilence, RefusalsAfterAnAnswerStopTheRunThreeSecondsAfterTheLastAnswer) {
  // Closed loop, 1 ms per refusal: seq 0 answered 0..10 ms (last answer at 10); seq k >= 1 is
  // refused at 10 + k ms. At 3010 ms the gap reaches 3 s with 3000 unanswered: scheduling stops
  // before seq 3001 starts.
  auto plan = test::fake_plan();
  plan.requests = 0;
  plan.duration = 60s;
  FakeDriver driver(plan, answered_once_then(1ms, ErrorClass::refused));
  auto r = driver.run();
  ASSERT_TRUE(r.stats.silent.has_value());
  ASSERT_TRUE(r.stats.silent->last_answer.has_value());
  EXPECT_EQ(*r.stats.silent->last_answer, 10ms);
  EXPECT_EQ(r.stats.silent->stopped_at, 3010ms);
  EXPECT_EQ(r.stats.silent->unanswered, 3000u);
  EXPECT_EQ(r.stats.silent->answered_after, 0u);
  EXPECT_EQ(r.samples.size(), 3001u);
  EXPECT_EQ(r.samples.back().error, ErrorClass::refused);
  EXPECT_EQ(r.stats.elapsed, 3010ms);
}

TEST(DriverSilence, OpenLoopTimeoutsStopSchedulingAndInFlightUnitsStillEnd) {
  // 10/s on new connections (no cap in open loop), 1 s timeout: seq 0 at 0 answered at 10 ms;
  // seq k >= 1 starts at 100k ms and times out at 100k + 1000. Passes happen at every frame
  // (each 100 ms, when a timeout also ends). At 3000 the gap is 2990 ms: seq 30 still starts. At
  // 3100 it is 3090 ms with seq 1..20 unanswered (seq 21's end is reported after the check):
  // scheduling stops; seq 21..30 time out later (the last at 4000) and count after the stop.
  auto plan = test::fake_plan();
  plan.requests = 0;
  plan.duration = 60s;
  plan.schedule.rate_per_s = 10;
  plan.timeout = 1s;
  FakeDriver driver(plan, answered_once_then(2s, ErrorClass::none));
  auto r = driver.run();
  ASSERT_TRUE(r.stats.silent.has_value());
  EXPECT_EQ(r.stats.silent->stopped_at, 3100ms);
  EXPECT_EQ(r.stats.silent->unanswered, 30u);
  EXPECT_EQ(r.samples.size(), 31u);
  EXPECT_EQ(r.samples.back().error, ErrorClass::timeout);
  EXPECT_EQ(r.stats.elapsed, 4000ms);
  EXPECT_EQ(r.stats.sent, 31u);
}

TEST(DriverSilence, ASlowTargetThatAnswersIsNotSilent) {
  // Every answer takes 4 s (more than the 3 s silence) with a 5 s timeout: no unit ends without
  // an answer, so the rule never fires and all 3 requests run: 12 s.
  auto plan = test::fake_plan();
  plan.requests = 3;
  plan.timeout = 5s;
  FakeDriver driver(plan, test::always(4s));
  auto r = driver.run();
  EXPECT_FALSE(r.stats.silent.has_value());
  EXPECT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(r.stats.elapsed, 12s);
}

TEST(DriverSilence, ItTakesThreeUnansweredNotJustThreeSeconds) {
  // Closed loop, 10 s timeout, the target answers seq 0 (0..10 ms) and never again: seq 1 times
  // out at 10.01 s, seq 2 at 20.01 s, seq 3 at 30.01 s. The gap passed 3 s long before, but the
  // third unanswered unit comes only at 30.01 s: the run stops there, after 4 samples.
  auto plan = test::fake_plan();
  plan.requests = 0;
  plan.duration = 60s;
  plan.timeout = 10s;
  FakeDriver driver(plan, answered_once_then(20s, ErrorClass::none));
  auto r = driver.run();
  ASSERT_TRUE(r.stats.silent.has_value());
  EXPECT_EQ(r.stats.silent->stopped_at, 30010ms);
  EXPECT_EQ(r.stats.silent->unanswered, 3u);
  EXPECT_EQ(r.samples.size(), 4u);
}

TEST(DriverSilence, NothingEverAnsweredCountsTheGapFromTheStart) {
  // Every unit connects (reached the peer, so the run is not "unreachable") but gets no answer
  // and times out at 500 ms. No answer ever: last_answer stays unset and the gap counts from the
  // start: at 3 s, 6 timeouts (ending 0.5 .. 3.0 s) and seq 6 does not start.
  auto plan = test::fake_plan();
  plan.requests = 0;
  plan.duration = 60s;
  plan.timeout = 500ms;
  FakeDriver driver(plan, [](const client::Unit&) { return FakeReply{2s, 0, ErrorClass::none, true}; });
  auto r = driver.run();
  ASSERT_TRUE(r.stats.silent.has_value());
  EXPECT_FALSE(r.stats.silent->last_answer.has_value());
  EXPECT_EQ(r.stats.silent->stopped_at, 3000ms);
  EXPECT_EQ(r.stats.silent->unanswered, 6u);
  EXPECT_EQ(r.samples.size(), 6u);
}
