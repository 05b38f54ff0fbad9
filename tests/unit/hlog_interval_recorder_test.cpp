// hlog/interval_recorder.hpp in virtual time: each value lands in the interval in which it ended,
// empty intervals are written too, the last one ends at finish(), and the sum of the intervals is
// every value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hlog/interval_recorder.hpp"
#include "hlog/log_reader.hpp"

using namespace latbench;
using namespace latbench::hlog;
using std::chrono::milliseconds;

TEST(HlogIntervalRecorder, CutsValuesIntoTheIntervalsTheyEndedIn) {
  const auto path = std::filesystem::temp_directory_path() / "latbench_hlog_recorder_test.hlog";
  {
    LogWriter w(path, LogHeader{.start_time_s = 1000.0, .comments = {}, .max_ratio = 1000.0});
    IntervalRecorder r(w, milliseconds(1000));
    r.record(milliseconds(100), 10);
    r.record(milliseconds(999), 20);
    r.record(milliseconds(1000), 30);  // an interval is [start, end)
    r.tick(milliseconds(2500));        // [1, 2) is written; [2, 3) is open
    EXPECT_EQ(w.intervals(), 2u);
    r.record(milliseconds(4200), 40);  // [2, 3) and [3, 4) are written empty first
    r.finish(milliseconds(4500));
    r.finish(milliseconds(9000));      // once
    EXPECT_EQ(w.intervals(), 5u);
    EXPECT_EQ(r.total().count(), 4);
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto log = parse_log(text.str(), path.string());
  ASSERT_TRUE(log.ok()) << log.error().what();
  const std::vector<std::pair<double, std::int64_t>> want = {{0, 2}, {1, 1}, {2, 0}, {3, 0}, {4, 1}};
  ASSERT_EQ(log->intervals.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_DOUBLE_EQ(log->intervals[i].start_s, want[i].first) << i;
    EXPECT_EQ(log->intervals[i].histogram.count(), want[i].second) << i;
  }
  EXPECT_DOUBLE_EQ(log->intervals[4].length_s, 0.5);
  EXPECT_EQ(log->intervals[0].histogram.max(), 20);
  std::filesystem::remove(path);
}

TEST(HlogIntervalRecorder, MicrosecondsFromMillisecondsAndClampedAboveAnHour) {
  EXPECT_EQ(to_micros(40.0004), 40'000);
  
  EXPECT_EQ(to_micros(0.0), 0);
  const auto path = std::filesystem::temp_directory_path() / "latbench_hlog_clamp_test.hlog";
  LogWriter w(path, {});
  IntervalRecorder r(w, milliseconds(1000));
  r.record(milliseconds(1), to_micros(2.0 * 3600 * 1000));
  EXPECT_EQ(r.clamped(), 1);
  EXPECT_EQ(r.total().max(), r.total().highest_equivalent(k_latency_layout.highest));
  std::filesystem::remove(path);
}
