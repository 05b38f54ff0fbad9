// Expected numbers come from tests/fixtures/stats_reference.py (Python's statistics module and a
// hand-written type-7 percentile), not from latbench.
#include <gtest/gtest.h>

#include "stats/summary.hpp"

using namespace latbench;
using namespace latbench::stats;

namespace {

const std::vector<double> k_esp32_totals{1467, 1502, 1389, 1420, 5002, 1455, 1398, 1410, 1467, 1512,
                                         1380, 1433, 1467, 1401, 2950, 1444, 1390, 1420, 1475, 1399};

Series esp32_series() { return Series{"total", "ms", k_esp32_totals, {}}; }

}  // namespace

TEST(StatsSummary, MatchesIndependentReferenceUntrimmed) {
  Stats s = describe(k_esp32_totals);
  EXPECT_EQ(s.count, 20u);
  EXPECT_DOUBLE_EQ(s.min, 1380);
  EXPECT_DOUBLE_EQ(s.max, 5002);
  EXPECT_NEAR(s.mean, 1689.05, 1e-9);
  EXPECT_NEAR(s.sd, 850.8671412772168, 1e-9);
  EXPECT_NEAR(s.sd_population, 829.3227040784546, 1e-9);
  EXPECT_NEAR(s.median, 1438.5, 1e-9);
  EXPECT_NEAR(s.percentiles.p90, 1655.8, 1e-9);
  EXPECT_NEAR(s.percentiles.p95, 3052.6, 1e-9);
  EXPECT_NEAR(s.percentiles.p99, 4612.12, 1e-9);
  EXPECT_NEAR(s.percentiles.p999, 4963.012, 1e-9);
  EXPECT_NEAR(s.iqr, 68.5, 1e-9);
  EXPECT_EQ(s.tukey_low, 0u);
  EXPECT_EQ(s.tukey_high, 2u);
  EXPECT_EQ(s.mode, std::vector<double>{1467});
}

TEST(StatsSummary, TrimmedMeanDropsKSmallestAndLargest) {
  SummaryOptions options;
  options.trim = *parse_trim("3");
  Summary summary = summarize(esp32_series(), options);
  ASSERT_TRUE(summary.trimmed.has_value());
  EXPECT_EQ(summary.trim_low, 3u);
  EXPECT_EQ(summary.trim_high, 3u);
  const Stats& t = *summary.trimmed;
  EXPECT_EQ(t.count, 14u);
  EXPECT_DOUBLE_EQ(t.min, 1398);
  EXPECT_DOUBLE_EQ(t.max, 1502);
  EXPECT_NEAR(t.mean, 1439.857142857143, 1e-9);
  EXPECT_NEAR(t.sd, 33.0637080680433, 1e-9);
  EXPECT_NEAR(t.sd_population, 31.860986315235, 1e-9);
  EXPECT_NEAR(t.percentiles.p99, 1498.49, 1e-9);
  // The untrimmed statistics stay beside the trimmed ones.
  EXPECT_NEAR(summary.all.mean, 1689.05, 1e-9);
}

TEST(StatsSummary, TrimByShareUsesFloorOfShareTimesN) {
  SummaryOptions options;
  options.trim = *parse_trim("12.5%");  // floor(0.125 * 20) = 2 per end
  Summary summary = summarize(esp32_series(), options);
  EXPECT_EQ(summary.trim_low, 2u);
  EXPECT_EQ(summary.trimmed->count, 16u);
}

TEST(StatsSummary, TrimThatWouldDropEverythingIsNotApplied) {
  EXPECT_EQ(trim_per_end(*parse_trim("10"), 20), 0u);
  EXPECT_EQ(trim_per_end(*parse_trim("9"), 20), 9u);
  EXPECT_EQ(trim_per_end(*parse_trim("1"), 2), 0u);
}

TEST(StatsSummary, ModeListsAllTiedIntegerValues) {
  Stats s = describe({5, 7, 7, 9, 9, 1});
  EXPECT_EQ(s.mode, (std::vector<double>{7, 9}));
}

TEST(StatsSummary, ModeOfContinuousDataIsTheFullestBinCentre) {
  // By hand: q1 = 10.2375, q3 = 14.75, Freedman-Diaconis width 2 * 4.5125 / cbrt(8) = 4.51,
  // rounded up to the 1-2-5 step 5: bins [10,15) [15,20) [20,25) hold 6, 1, 1 -> mode 12.5.
  Stats s = describe({10.1, 10.2, 10.25, 10.3, 10.4, 13.7, 17.9, 22.3});
  EXPECT_EQ(s.mode, std::vector<double>{12.5});
}

TEST(StatsSummary, SingleValueHasZeroSpread) {
  Stats s = describe({42.5});
  EXPECT_EQ(s.count, 1u);
  EXPECT_DOUBLE_EQ(s.median, 42.5);
  EXPECT_DOUBLE_EQ(s.percentiles.p999, 42.5);
  EXPECT_DOUBLE_EQ(s.sd, 0.0);
  EXPECT_EQ(s.mode, std::vector<double>{42.5});
}

TEST(StatsSummary, EmptySeriesHasCountZeroAndNoHistogram) {
  Summary summary = summarize(Series{"total", "ms", {}, {}});
  EXPECT_EQ(summary.all.count, 0u);
  EXPECT_TRUE(summary.histogram.counts.empty());
}

TEST(StatsSummary, PercentileInterpolatesLinearly) {
  // Hand: ranks 0..3 over {1,2,3,4}; p=0.9 -> rank 2.7 -> 3 + 0.7 * 1 = 3.7.
  EXPECT_DOUBLE_EQ(percentile_sorted({1, 2, 3, 4}, 0.9), 3.7);
  EXPECT_DOUBLE_EQ(percentile_sorted({1, 2, 3, 4}, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(percentile_sorted({1, 2, 3, 4}, 1.0), 4.0);
}

TEST(StatsTrim, RejectsBadValuesNamingTheCallersWord) {
  for (const char* bad : {"", "x", "-1", "2.5", "50%", "abc%", "3x"}) {
    auto r = parse_trim(bad, "--trim");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(std::string(r.error().what()).rfind("--trim: ", 0), 0u) << r.error().what();
    // Without one, the engine's key: no flag names inside the engine (issue 15, item 6).
    EXPECT_EQ(std::string(parse_trim(bad).error().what()).rfind("trim: ", 0), 0u) << bad;
  }
}

TEST(StatsSummary, ValuesMoreThanTheLargestDoubleApartGiveNoNaN) {
  // -1.7e308 and 1.7e308: their difference overflows. By hand: median and mean 0 (the midpoint),
  // p95 = -1.7e308 + 0.95 * 3.4e308 = 1.53e308, one histogram bin holding both.
  Series s{"a", "", {1.7e308, -1.7e308}, {}};
  const Summary sum = summarize(s);
  EXPECT_EQ(sum.all.median, 0);
  EXPECT_EQ(sum.all.mean, 0);
  EXPECT_DOUBLE_EQ(sum.all.percentiles.p95, 1.53e308);
  ASSERT_EQ(sum.histogram.counts, (std::vector<std::uint64_t>{2}));
  for (double m : sum.all.mode) EXPECT_FALSE(std::isnan(m));
  EXPECT_FALSE(std::isnan(sum.all.iqr));
  EXPECT_EQ(interpolate(-1.7e308, 1.7e308, 0.5), 0);
  EXPECT_EQ(interpolate(2, 4, 0.25), 2.5);  // numpy's formula where nothing overflows
}

TEST(StatsSummary, BinWidthMakingTooManyBinsIsAUsageErrorNotACrash) {
  Series s{"a", "ms", {0, 1e12}, {}};
  SummaryOptions o;
  o.histogram = {HistogramSpec::Kind::width, 1, {}};
  EXPECT_THROW(summarize(s, o), Error);
}
