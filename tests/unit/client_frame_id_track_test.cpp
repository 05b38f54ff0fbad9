// Frame-id gaps of one viewer session (client/frame_id_track.hpp) and the clock offset estimate
// (client/clock_offset.hpp); the offset's expected ages come from tests/fixtures/viewer/viewer_oracle.py.
#include "client/frame_id_track.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "client/clock_offset.hpp"
#include "common/test_paths.hpp"

using namespace latbench::client;

TEST(FrameIdTrack, AJumpOpensHolesThatALateFrameFillsAndARepeatIsADuplicate) {
  FrameIdTrack t;
  EXPECT_EQ(t.add(10).arrival, IdArrival::first);
  EXPECT_EQ(t.add(11).arrival, IdArrival::in_order);
  const IdStep jump = t.add(15);
  EXPECT_EQ(jump.arrival, IdArrival::in_order);
  EXPECT_EQ(jump.skipped, 3u);
  EXPECT_EQ(t.missing(), 3u);
  EXPECT_EQ(t.add(13).arrival, IdArrival::reordered);
  EXPECT_EQ(t.add(13).arrival, IdArrival::duplicate);
  EXPECT_EQ(t.add(15).arrival, IdArrival::duplicate);
  EXPECT_EQ(t.add(9).arrival, IdArrival::duplicate);  // before the first: not known to be missing
  EXPECT_EQ(t.missing(), 2u);                          // 12 and 14
  EXPECT_EQ(t.reordered(), 1u);
  EXPECT_EQ(t.duplicates(), 3u);
  EXPECT_EQ(t.received(), 7u);
}

TEST(FrameIdTrack, AHugeJumpIsCountedWithoutHoldingAHoleForEachId) {
  FrameIdTrack t;
  t.add(0);
  t.add(10'000'001);
  EXPECT_EQ(t.missing(), 10'000'000u);
  // The last k_max_holes ids can still be filled; an older one counts as a duplicate.
  EXPECT_EQ(t.add(10'000'000).arrival, IdArrival::reordered);
  EXPECT_EQ(t.add(5).arrival, IdArrival::duplicate);
  EXPECT_EQ(t.missing(), 9'999'999u);
}

TEST(ClockOffset, TheSameClockGivesTheRawAge) {
  ClockOffset c(ClockRelation::same);
  EXPECT_DOUBLE_EQ(c.age(1000.5, 990.0), 10.5);
  EXPECT_FALSE(c.offset());
}

TEST(ClockOffset, OtherClocksSubtractTheMinimumOfTheFirstTwentyFramesAsTheOracleDoes) {
  std::ifstream in(latbench::test::fixtures_dir() + "/viewer/viewer_cases.json");
  const auto doc = nlohmann::json::parse(in)["offset"];
  ClockOffset c(ClockRelation::estimated);
  const auto& arrivals = doc["arrivals_ms"];
  ASSERT_EQ(arrivals.size(), 40u);
  for (std::size_t i = 0; i < arrivals.size(); ++i)
    EXPECT_NEAR(c.age(arrivals[i].get<double>(), doc["timestamps_ms"][i].get<double>()), doc["ages_ms"][i].get<double>(),
                1e-6)
        << "frame " << i;
  ASSERT_TRUE(c.offset());
  EXPECT_NEAR(*c.offset(), doc["offset_ms"].get<double>(), 1e-6);
  EXPECT_GT(*c.offset(), 2500.0);  // the 2.5 s between the clocks, plus the fastest frame's transit
}
