// hlog/log_reader.hpp on the log HdrHistogram's Java HistogramLogWriter wrote: its StartTime,
// BaseTime, tags and interval columns; and errors that name the file, the line and the field.
#include <gtest/gtest.h>

#include "hlog/log_reader.hpp"
#include "unit/hlog_java_fixture.hpp"

using namespace latbench;
using namespace latbench::hlog;

TEST(HlogLogReader, ReadsJavasLogTimesTagsAndColumns) {
  const auto log = read_log(test::hlog_fixture("java_written.hlog"));
  ASSERT_TRUE(log.ok()) << log.error().what();
  ASSERT_TRUE(log->start_time_s && log->base_time_s);
  EXPECT_DOUBLE_EQ(*log->start_time_s, 1764654444.123);
  EXPECT_DOUBLE_EQ(*log->base_time_s, 1764654444.123);
  const auto intervals = test::java_intervals();
  const auto java = test::java_numbers();
  ASSERT_EQ(log->intervals.size(), 6u);
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const Interval& got = log->intervals[i];
    EXPECT_EQ(got.tag, intervals[i].tag);
    EXPECT_DOUBLE_EQ(got.start_s, intervals[i].start_s);
    EXPECT_DOUBLE_EQ(got.length_s, intervals[i].length_s);
    EXPECT_DOUBLE_EQ(log->absolute_start_s(got), 1764654444.123 + intervals[i].start_s);
    // Interval_Max: the max over maxValueUnitRatio 1000, "%.3f".
    EXPECT_NEAR(got.max, std::stod(java.at("interval" + std::to_string(i)).at("max")) / 1000.0, 0.0005);
  }
  EXPECT_EQ(log->intervals[5].tag, "shard-1");
  ASSERT_FALSE(log->comments.empty());
  EXPECT_NE(log->comments[0].find("HistogramLogWriter"), std::string::npos);
}

TEST(HlogLogReader, WithoutBaseTimeSmallTimestampsAreAfterStartTime) {
  IntervalLog log;
  log.start_time_s = 1'700'000'000.0;
  Interval relative, absolute;
  relative.start_s = 12.5;
  absolute.start_s = 1'700'000'012.5;
  EXPECT_DOUBLE_EQ(log.absolute_start_s(relative), 1'700'000'012.5);
  EXPECT_DOUBLE_EQ(log.absolute_start_s(absolute), 1'700'000'012.5);
}

TEST(HlogLogReader, ErrorsNameFileLineAndWhatWasExpected) {
  auto says = [](const std::string& text, const std::string& words) {
    auto r = parse_log(text, "x.hlog");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(std::string(r.error().what()).find(words), std::string::npos) << r.error().what();
  };
  says("#[StartTime: 1.0 (seconds since epoch)]\n0.0,1.0,2.0\n", "x.hlog:2: expected [Tag=T,]start,length,max,histogram");
  says("\n\nabc,1.0,2.0,HISTFAAA\n", "x.hlog:3: start: expected a number, got 'abc'");
  says("0.0,1.0,2.0,HIST*AAA\n", "x.hlog:1: histogram:");
  says("0.0,1.0,2.0,AAAAAAAAAAAA\n", "x.hlog:1: histogram: cookie 0x00000000");
  auto missing = read_log("/nonexistent/x.hlog");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.error().what()).find("/nonexistent/x.hlog"), std::string::npos);
}
