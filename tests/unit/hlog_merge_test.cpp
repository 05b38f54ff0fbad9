// hlog/merge.hpp: shards' logs added on one timeline equal one histogram of all their values,
// intervals of shards started a few ms apart land on the same grid point, and logs that cannot
// be placed or added are errors naming the file.
#include <gtest/gtest.h>

#include "hlog/log_writer.hpp"
#include "hlog/merge.hpp"

using namespace latbench;
using namespace latbench::hlog;

namespace {

// A log as written by a shard started at `start_s`: interval k holds `values[k]`.
NamedLog shard_log(const std::string& name, double start_s, const std::vector<std::vector<std::int64_t>>& values,
                   Layout layout = k_latency_layout) {
  std::string text = format_header({start_s, {}, 1000.0});
  for (std::size_t k = 0; k < values.size(); ++k) {
    Histogram h(layout);
    for (auto v : values[k]) h.record(v);
    text += format_interval(static_cast<double>(k), 1.0, h, 1000.0);
  }
  return {name, parse_log(text, name).take()};
}

}  // namespace

TEST(HlogMerge, ShardsAddUpToOneHistogramOfAllTheirValuesIntervalByInterval) {
  const std::vector<std::vector<std::int64_t>> a = {{10, 20, 30'000}, {40'000, 41'000}, {}};
  const std::vector<std::vector<std::int64_t>> b = {{15}, {39'999, 5'000'000}, {7}};
  auto m = merge_logs({shard_log("a.hlog", 1000.000, a), shard_log("b.hlog", 1000.004, b)});
  ASSERT_TRUE(m.ok()) << m.error().what();
  EXPECT_DOUBLE_EQ(m->start_time_s, 1000.0);
  EXPECT_NEAR(m->start_spread_s, 0.004, 1e-9);
  EXPECT_DOUBLE_EQ(m->interval_s, 1.0);
  ASSERT_EQ(m->intervals.size(), 3u);
  const std::vector<std::int64_t> counts = {4, 4, 1};
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_DOUBLE_EQ(m->intervals[k].start_s, static_cast<double>(k));
    EXPECT_EQ(m->intervals[k].histogram.count(), counts[k]) << k;
  }
  EXPECT_NEAR(m->intervals[1].length_s, 1.004, 1e-9);  // b's interval ends 4 ms later
  Histogram all;
  for (const auto* shard : {&a, &b})
    for (const auto& interval : *shard)
      for (auto v : interval) all.record(v);
  ASSERT_EQ(m->total.count(), all.count());
  for (int i = 0; i < all.counts_length(); ++i) ASSERT_EQ(m->total.count_at_index(i), all.count_at_index(i)) << i;
  // Written and read back: the same intervals.
  auto again = parse_log(format_merged(*m, {"[test]"}), "merged.hlog");
  ASSERT_TRUE(again.ok()) << again.error().what();
  ASSERT_EQ(again->intervals.size(), 3u);
  EXPECT_EQ(again->intervals[1].histogram.max(), m->intervals[1].histogram.max());
  EXPECT_DOUBLE_EQ(*again->base_time_s, 1000.0);
}

TEST(HlogMerge, TheErrorBoundIsTheLayoutsPrecision) {
  EXPECT_EQ(error_bound_text(k_latency_layout),
            "values within 0.1% (HdrHistogram, 3 significant digits: a value's bucket is at most 1/1024 of it wide, "
            "one unit wide below 2048 units); counts exact");
  EXPECT_NE(error_bound_text({1, 1000, 2}).find("within 1%"), std::string::npos);
}

TEST(HlogMerge, LogsThatCannotBePlacedOrAddedAreErrorsNamingTheFile) {
  auto says = [](const std::vector<NamedLog>& logs, const std::string& words) {
    auto r = merge_logs(logs);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(std::string(r.error().what()).find(words), std::string::npos) << r.error().what();
  };
  NamedLog no_start = shard_log("plain.hlog", 1, {{5}});
  no_start.log.start_time_s.reset();
  no_start.log.base_time_s.reset();
  says({no_start}, "plain.hlog: no #[StartTime");
  says({shard_log("a.hlog", 1, {{5}}), shard_log("b.hlog", 1, {{5}}, Layout{1, 3'600'000'000, 2})},
       "b.hlog:5: a histogram of 1..3600000000 at 2 significant digits");
  says({shard_log("e.hlog", 1, {})}, "e.hlog: no intervals");
}
