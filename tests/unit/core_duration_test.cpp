#include <gtest/gtest.h>

#include "core/duration.hpp"

using namespace latbench;
using namespace std::chrono_literals;

TEST(CoreDuration, ParsesEachUnit) {
  EXPECT_EQ(*parse_duration("40ms", "--think"), 40ms);
  EXPECT_EQ(*parse_duration("1.5s", "--think"), 1500ms);
  EXPECT_EQ(*parse_duration("250us", "--think"), 250us);
  EXPECT_EQ(*parse_duration("2m", "--think"), 120s);
  EXPECT_EQ(*parse_duration("7ns", "--think"), 7ns);
}

TEST(CoreDuration, BareNumberUsesDefaultUnitOrFails) {
  EXPECT_EQ(*parse_duration("12", "field", "ms"), 12ms);
  auto r = parse_duration("12", "--timeout");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("--timeout"), std::string::npos);
}

TEST(CoreDuration, RejectsGarbageNamingTheOption) {
  for (const char* bad : {"", "abc", "-5ms", "5 parsecs", "5xs"}) {
    auto r = parse_duration(bad, "--timeout");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(std::string(r.error().what()).find("--timeout"), std::string::npos) << bad;
  }
}

TEST(CoreDuration, FormatsWithAdaptiveUnit) {
  EXPECT_EQ(format_ms(0.812), "812us");
  EXPECT_EQ(format_ms(41.23), "41.2ms");
  EXPECT_EQ(format_ms(1500), "1.50s");
  EXPECT_EQ(format_ms(3.456), "3.46ms");
}
