// Instants on the wall clock (core/wall_time.hpp): `start_at`'s two forms and their errors.
// Expected epoch values from Python: calendar.timegm((2026,12,2,6,0,0)) = 1796191200,
// calendar.timegm((2024,2,29,23,59,59)) = 1709251199, calendar.timegm((1999,12,31,20,30,0)) =
// 946672200.
#include <gtest/gtest.h>

#include "core/wall_time.hpp"

using namespace latbench;

namespace {

std::int64_t ns_of(std::string_view text) { return epoch_ns(parse_wall_time(text, "start_at").take()); }

std::string error_of(std::string_view text) {
  auto r = parse_wall_time(text, "start_at");
  return r ? std::string() : std::string(r.error().what());
}

}  // namespace

TEST(CoreWallTime, EpochSecondsKeepEveryDecimal) {
  EXPECT_EQ(ns_of("1796191200"), 1796191200'000000000);
  EXPECT_EQ(ns_of("1796191200.25"), 1796191200'250000000);
  EXPECT_EQ(ns_of("1796191200.000000001"), 1796191200'000000001);
  EXPECT_EQ(ns_of("0"), 0);
}

TEST(CoreWallTime, Rfc3339TakesItsOffset) {
  EXPECT_EQ(ns_of("2026-12-02T06:00:00Z"), 1796191200'000000000);
  EXPECT_EQ(ns_of("2026-12-02T07:00:00.5+01:00"), 1796191200'500000000);
  EXPECT_EQ(ns_of("2026-12-02t01:30:00-04:30"), 1796191200'000000000);
  EXPECT_EQ(ns_of("2024-02-29T23:59:59z"), 1709251199'000000000);
  EXPECT_EQ(ns_of("1999-12-31 20:30:00+00:00"), 946672200'000000000);
}

TEST(CoreWallTime, FormatsRfc3339InUtcAndParsesBackEqual) {
  for (const char* t : {"2026-12-02T06:00:00Z", "2026-12-02T06:00:00.25Z", "2024-02-29T23:59:59.000000001Z",
                        "1970-01-01T00:00:00Z"}) {
    EXPECT_EQ(format_wall_time(parse_wall_time(t, "start_at").take()), t);
  }
  EXPECT_EQ(format_wall_time(parse_wall_time("2026-12-02T07:00:00.5+01:00", "x").take()), "2026-12-02T06:00:00.5Z");
}

TEST(CoreWallTime, BadTimesNameTheOptionAndBothForms) {
  for (const char* bad : {"", "tomorrow", "1796191200.", "1796191200.1234567891", "12.5.3", "2026-12-02T06:00:00",
                          "2026-12-02", "2026-02-30T00:00:00Z", "2026-12-02T24:00:00Z", "2026-12-02T06:00:00+1:00",
                          "2026-12-02T06:00:00Zjunk", "2026-13-02T06:00:00Z", "99999999999999"}) {
    const std::string e = error_of(bad);
    EXPECT_NE(e.find("start_at: expected epoch seconds"), std::string::npos) << bad << ": " << e;
    EXPECT_NE(e.find("RFC 3339"), std::string::npos) << bad;
  }
}
