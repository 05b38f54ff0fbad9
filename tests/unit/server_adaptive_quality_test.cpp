// --adaptive-quality: parsing (positions and expectations in errors) and the step a queue depth
// selects (the highest matching depth wins), against the users' own rule (seed 001).
#include <gtest/gtest.h>

#include "server/adaptive_quality.hpp"

using latbench::server::format_adaptive_quality;
using latbench::server::parse_adaptive_quality;
using latbench::server::QualityStep;
using latbench::server::select_quality;

TEST(ServerAdaptiveQuality, ParsesStepsInAnyOrderHighestDepthFirst) {
  auto steps = parse_adaptive_quality("0:80,30:60,15:70");
  ASSERT_TRUE(steps) << steps.error().what();
  EXPECT_EQ(*steps, (std::vector<QualityStep>{{30, 60}, {15, 70}, {0, 80}}));
  EXPECT_EQ(format_adaptive_quality(*steps), "30:60,15:70,0:80");
  EXPECT_TRUE(parse_adaptive_quality("")->empty());
}

TEST(ServerAdaptiveQuality, HighestMatchingDepthWins) {
  auto steps = parse_adaptive_quality("30:60,15:70,0:80").take();
  // The users' code: queue > 30 -> 60, > 15 -> 70, else 80; a step d:q applies from depth d on.
  EXPECT_EQ(select_quality(steps, 0, 95), 80);
  EXPECT_EQ(select_quality(steps, 14, 95), 80);
  EXPECT_EQ(select_quality(steps, 15, 95), 70);
  EXPECT_EQ(select_quality(steps, 29, 95), 70);
  EXPECT_EQ(select_quality(steps, 30, 95), 60);
  EXPECT_EQ(select_quality(steps, 500, 95), 60);
}

TEST(ServerAdaptiveQuality, NoMatchingStepKeepsTheFallback) {
  auto steps = parse_adaptive_quality("20:50").take();
  EXPECT_EQ(select_quality(steps, 19, 85), 85);
  EXPECT_EQ(select_quality(steps, 20, 85), 50);
  EXPECT_EQ(select_quality({}, 100, 85), 85);
}

TEST(ServerAdaptiveQuality, ErrorsNamePositionAndExpectation) {
  auto expect_error = [](std::string_view text, std::string_view words) {
    auto r = parse_adaptive_quality(text);
    ASSERT_FALSE(r) << text;
    EXPECT_NE(std::string(r.error().what()).find(words), std::string::npos) << text << ": " << r.error().what();
  };
  expect_error("30:60,15", "position 7: expected DEPTH:QUALITY (like 30:60), got '15'");
  expect_error("30:0", "position 4: expected a quality in 1..100 after ':', got '0'");
  expect_error("30:101", "position 4: expected a quality in 1..100");
  expect_error("x:60", "position 1: expected a queue depth (a whole number >= 0) before ':', got 'x'");
  expect_error("-1:60", "position 1: expected a queue depth");
  expect_error("30:60,30:70", "position 7: expected each depth once, got '30'");
  expect_error("30:60,", "position 6: expected another DEPTH:QUALITY after ','");
  expect_error("30:6o", "position 4: expected a quality in 1..100 after ':', got '6o'");
}
