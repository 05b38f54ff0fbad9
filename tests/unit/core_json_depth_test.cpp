#include <gtest/gtest.h>

#include "core/json_depth.hpp"

using latbench::json_too_deep_at;

TEST(CoreJsonDepth, NestingUpToTheLimitPasses) {
  EXPECT_FALSE(json_too_deep_at(R"({"a":[1,{"b":[]}]})", 4));
  EXPECT_EQ(json_too_deep_at(R"({"a":[1,{"b":[]}]})", 3), 13u);
  EXPECT_FALSE(json_too_deep_at("[[[]]]", 3));
  EXPECT_FALSE(json_too_deep_at("", 0));
  EXPECT_FALSE(json_too_deep_at("42", 0));
}

TEST(CoreJsonDepth, TheFirstOpenerTooDeepIsReportedByOffset) {
  EXPECT_EQ(json_too_deep_at("[[[[]]]]", 3), 3u);
  EXPECT_EQ(json_too_deep_at(R"({"a":{"b":{"c":{}}}})", 3), 15u);
  EXPECT_EQ(json_too_deep_at("[]", 0), 0u);
}

TEST(CoreJsonDepth, BracketsInsideStringsDoNotCount) {
  EXPECT_FALSE(json_too_deep_at(R"(["[[[[{{{{", "\"[[[["])", 1));
  // An escaped backslash ends the escape: the quote after it closes the string.
  EXPECT_EQ(json_too_deep_at(R"(["\\", [[]]])", 2), 8u);
}

TEST(CoreJsonDepth, SiblingsDoNotAddUp) {
  std::string wide = "[";
  for (int i = 0; i < 10000; ++i) wide += "[],";
  wide += "[]]";
  EXPECT_FALSE(json_too_deep_at(wide, 2));
}

TEST(CoreJsonDepth, StrayClosersDoNotHideLaterDepth) {
  EXPECT_EQ(json_too_deep_at("]]]]][[[", 2), 7u);
}

TEST(CoreJsonDepth, AMillionLevelsStopsAtTheLimitWithoutRecursion) {
  std::string deep(1000000, '[');
  EXPECT_EQ(json_too_deep_at(deep), latbench::k_max_json_depth);
  EXPECT_EQ(latbench::json_too_deep_message(256),
            "JSON nested deeper than 256 levels (at byte 256)");
}
