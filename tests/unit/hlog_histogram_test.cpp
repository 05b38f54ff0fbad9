// hlog/histogram.hpp against HdrHistogram's Java library: the same values recorded give the same
// count, min, max, mean, standard deviation and percentiles as the library printed
// (tests/fixtures/hlog/java_numbers.txt), and the layout keeps its promise of 3 digits.
#include <gtest/gtest.h>

#include <string>

#include "hlog/histogram.hpp"
#include "unit/hlog_java_fixture.hpp"

using namespace latbench;
using namespace latbench::hlog;

namespace {

void expect_as_java(const Histogram& h, const std::map<std::string, std::string>& java) {
  EXPECT_EQ(h.count(), std::stoll(java.at("count")));
  EXPECT_EQ(h.min(), std::stoll(java.at("min")));
  EXPECT_EQ(h.max(), std::stoll(java.at("max")));
  // The same sums in the same order: equal to the last few bits of the printed 17 digits.
  EXPECT_NEAR(h.mean(), std::stod(java.at("mean")), 1e-12 * std::max(1.0, h.mean()));
  EXPECT_NEAR(h.stddev(), std::stod(java.at("stddev")), 1e-9 * std::max(1.0, h.stddev()));
  for (const char* p : {"0.0", "25.0", "50.0", "90.0", "99.0", "99.9", "99.99", "100.0"})
    EXPECT_EQ(h.value_at_percentile(std::stod(p)), std::stoll(java.at(std::string("p") + p))) << "p" << p;
}

}  // namespace

TEST(HlogHistogram, EachIntervalAndTheirSumComputeAsHdrHistogramJava) {
  const auto intervals = test::java_intervals();
  auto java = test::java_numbers();
  ASSERT_EQ(intervals.size(), 6u);
  Histogram total;
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    SCOPED_TRACE("interval " + std::to_string(i));
    Histogram h;
    for (long long v : intervals[i].values) ASSERT_TRUE(h.record(v));
    expect_as_java(h, java.at("interval" + std::to_string(i)));
    EXPECT_EQ(total.add(h), 0);
  }
  expect_as_java(total, java.at("total"));
}

TEST(HlogHistogram, ValuesOfOneBucketAgreeToThreeDigits) {
  const Histogram h;
  // Below 2048 every microsecond has its own bucket; above, a bucket spans < 1/1000 of its values.
  for (std::int64_t v : {0LL, 1LL, 1000LL, 2047LL}) EXPECT_EQ(h.equivalent_range(v), 1) << v;
  for (std::int64_t v : {2048LL, 40'000LL, 999'999LL, 123'456'789LL, 3'600'000'000LL}) {
    EXPECT_LE(h.lowest_equivalent(v), v);
    EXPECT_GE(h.highest_equivalent(v), v);
    EXPECT_LT(static_cast<double>(h.equivalent_range(v)) / static_cast<double>(h.lowest_equivalent(v)), 1e-3) << v;
  }
  // 40010 has 16 bits, 11 kept: buckets of 32 us there, [40000, 40031].
  EXPECT_EQ(h.lowest_equivalent(40'010), 40'000);
  EXPECT_EQ(h.highest_equivalent(40'010), 40'031);
  EXPECT_EQ(h.median_equivalent(40'010), 40'016);
}

TEST(HlogHistogram, RefusesWhatTheLayoutCannotHoldAndBadLayouts) {
  Histogram h(Layout{1, 1000, 2});
  EXPECT_FALSE(h.record(-1));
  EXPECT_TRUE(h.record(1000));
  EXPECT_FALSE(h.record(1'000'000));
  EXPECT_EQ(h.count(), 1);
  EXPECT_FALSE(Histogram::make({1, 1000, 6}).ok());
  EXPECT_FALSE(Histogram::make({0, 1000, 3}).ok());
  const auto bad = Histogram::make({600, 1000, 3});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.error().what()).find("highest trackable value"), std::string::npos) << bad.error().what();
}

TEST(HlogHistogram, AnEmptyHistogramIsAllZeros) {
  const Histogram h;
  EXPECT_EQ(h.count(), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0);
  EXPECT_EQ(h.value_at_percentile(99), 0);
}

TEST(HlogHistogram, AddingHistogramsEqualsRecordingEveryValueInOne) {
  Histogram a, b, both;
  for (std::int64_t v = 1; v < 200'000; v += 37) {
    (v % 3 ? a : b).record(v, v % 5 + 1);
    both.record(v, v % 5 + 1);
  }
  Histogram sum;
  sum.add(a);
  sum.add(b);
  ASSERT_EQ(sum.count(), both.count());
  for (int i = 0; i < both.counts_length(); ++i) ASSERT_EQ(sum.count_at_index(i), both.count_at_index(i)) << i;
  EXPECT_EQ(sum.value_at_percentile(99.9), both.value_at_percentile(99.9));
}
