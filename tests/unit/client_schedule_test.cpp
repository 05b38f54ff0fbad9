#include <gtest/gtest.h>

#include "client/schedule.hpp"

using namespace latbench::client;
using namespace std::chrono_literals;
using latbench::Nanos;

TEST(ClientSchedule, ClosedLoopWaitsForTheAnswerThenThinks) {
  DeviceSchedule s({std::nullopt, 100ms, 0}, Nanos(0));
  std::vector<Nanos> due;
  s.poll(Nanos(0), 0, due);
  ASSERT_EQ(due, (std::vector<Nanos>{Nanos(0)}));
  EXPECT_FALSE(s.next_due().has_value());
  due.clear();
  s.poll(Nanos(50ms), 1, due);  // still waiting for the answer
  EXPECT_TRUE(due.empty());
  s.on_complete(Nanos(40ms));
  EXPECT_EQ(s.next_due(), Nanos(140ms));
  s.poll(Nanos(139ms), 0, due);
  EXPECT_TRUE(due.empty());
  s.poll(Nanos(141ms), 0, due);
  EXPECT_EQ(due, (std::vector<Nanos>{Nanos(140ms)}));
}

TEST(ClientSchedule, OpenLoopSendsOnTheFrameClockRegardlessOfAnswers) {
  DeviceSchedule s({30.0, 0ms, 0}, Nanos(0));
  std::vector<Nanos> due;
  // At t = 100 ms, frames 0, 33.3, 66.7 and 100 ms are due (4 frames), none answered yet.
  s.poll(Nanos(100ms), 0, due);
  ASSERT_EQ(due.size(), 4u);
  EXPECT_EQ(due[1], Nanos(33'333'333));
  EXPECT_EQ(due[3], Nanos(100'000'000));
  EXPECT_EQ(s.skipped(), 0u);
}

TEST(ClientSchedule, MaxInFlightSkipsExactlyTheFramesOverTheLimit) {
  // 30 fps for one second with 2 in flight and no answers: frames at k/30 s for k = 0..30 are
  // due by t = 1 s (31 frames); 2 go out, 29 are skipped.
  DeviceSchedule s({30.0, 0ms, 2}, Nanos(0));
  std::vector<Nanos> due;
  for (int ms = 0; ms <= 1000; ms += 5) {
    s.poll(Nanos(std::chrono::milliseconds(ms)), static_cast<unsigned>(due.size()), due);
  }
  EXPECT_EQ(due.size(), 2u);
  EXPECT_EQ(s.skipped(), 29u);
  EXPECT_EQ(s.scheduled(), 2u);
}

TEST(ClientSchedule, LateCallerGetsEveryMissedFrameWithItsOwnIntendedTime) {
  DeviceSchedule s({10.0, 0ms, 0}, Nanos(0));
  std::vector<Nanos> due;
  s.poll(Nanos(0), 0, due);
  due.clear();
  s.poll(Nanos(350ms), 0, due);  // the loop stalled for 350 ms
  EXPECT_EQ(due, (std::vector<Nanos>{Nanos(100ms), Nanos(200ms), Nanos(300ms)}));
  EXPECT_EQ(s.next_due(), Nanos(400ms));
}

TEST(ClientSchedule, FrameClockDoesNotDriftOverManyFrames) {
  DeviceSchedule s({30.0, 0ms, 0}, Nanos(0));
  std::vector<Nanos> due;
  s.poll(Nanos(std::chrono::seconds(100)), 0, due);
  ASSERT_EQ(due.size(), 3001u);
  EXPECT_EQ(due.back(), Nanos(std::chrono::seconds(100)));
}
