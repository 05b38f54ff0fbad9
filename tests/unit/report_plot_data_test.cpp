// The numbers behind the plots, checked against values worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "report/plot_data.hpp"

using namespace latbench::report;

TEST(ReportPlotData, RollingMedianIsCentredAndShrinksAtTheEnds) {
  // window 3: {5,1} -> 3; {5,1,4} -> 4; {1,4,2} -> 2; {4,2,3} -> 3; {2,3} -> 2.5
  EXPECT_EQ(rolling_median({5, 1, 4, 2, 3}, 3), (std::vector<double>{3, 4, 2, 3, 2.5}));
}

TEST(ReportPlotData, RollingWindowIsOddAndBounded) {
  EXPECT_EQ(default_rolling_window(10), 5u);
  EXPECT_EQ(default_rolling_window(1000), 21u);
  EXPECT_EQ(default_rolling_window(10'000'000), 501u);
}

TEST(ReportPlotData, MinMaxDecimationKeepsTheSpike) {
  std::vector<double> v(100'000, 10.0);
  v[54'321] = 900.0;
  const auto kept = minmax_decimate(v, 1000);
  EXPECT_LE(kept.size(), 1000u);
  EXPECT_NE(std::find(kept.begin(), kept.end(), 54'321u), kept.end());
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
}

TEST(ReportPlotData, PercentileCurveRunsFromTheMinimumToPOneMinusOneOverN) {
  const std::vector<double> sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const Curve c = percentile_curve(sorted, 3);
  ASSERT_EQ(c.x.size(), 3u);
  // x = 1 (p = 0): the minimum. x = sqrt(10) (p = 1 - 1/sqrt(10) = 0.683772):
  // h = 9 p = 6.153950 -> 7 + 0.153950 = 7.153950. x = 10 (p = 0.9): h = 8.1 -> 9.1.
  EXPECT_DOUBLE_EQ(c.x[0], 1);
  EXPECT_DOUBLE_EQ(c.y[0], 1);
  EXPECT_NEAR(c.x[1], 3.162278, 1e-6);
  EXPECT_NEAR(c.y[1], 7.153950, 1e-6);
  EXPECT_NEAR(c.x[2], 10, 1e-9);
  EXPECT_NEAR(c.y[2], 9.1, 1e-9);
}

TEST(ReportPlotData, CdfStepsUpByOneOverNAtEachValue) {
  const Curve c = cdf_curve({2, 4, 4, 9});
  EXPECT_EQ(c.x, (std::vector<double>{2, 2, 4, 4, 9}));
  EXPECT_EQ(c.y, (std::vector<double>{0, 25, 50, 75, 100}));
}

TEST(ReportPlotData, BoxFiguresFollowTukey) {
  // n = 10: p25 h = 2.25 -> 3.25; median h = 4.5 -> 5.5; p75 h = 6.75 -> 7.75; IQR 4.5;
  // fences -3.5 and 14.5: whiskers 1 and 9, outlier 100; mean 145 / 10 = 14.5.
  const BoxFigures b = box_figures({1, 2, 3, 4, 5, 6, 7, 8, 9, 100});
  EXPECT_DOUBLE_EQ(b.p25, 3.25);
  EXPECT_DOUBLE_EQ(b.median, 5.5);
  EXPECT_DOUBLE_EQ(b.p75, 7.75);
  EXPECT_DOUBLE_EQ(b.whisker_low, 1);
  EXPECT_DOUBLE_EQ(b.whisker_high, 9);
  EXPECT_DOUBLE_EQ(b.mean, 14.5);
  EXPECT_EQ(b.outliers, (std::vector<double>{100}));
  EXPECT_EQ(b.outlier_count, 1u);
}

TEST(ReportPlotData, GroupMeansSkipMissingValues) {
  const auto m = group_means({1, 3, NAN, 5, 7}, 2);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0], 2);
  EXPECT_EQ(m[1], 5);
  EXPECT_EQ(m[2], 7);
}

TEST(ReportPlotData, FarTailIsLeftOutOfViewOnlyWhenItIsRareAndWide) {
  // 100 values in 0..40 and one at 1000 (bins of 10): 99% is reached in bin 3, shown 5 bins.
  std::vector<std::uint64_t> counts(100, 0);
  std::vector<double> edges;
  for (int i = 0; i <= 100; ++i) edges.push_back(10.0 * i);
  counts[1] = 40;
  counts[2] = 50;
  counts[3] = 9;
  counts[99] = 1;
  EXPECT_EQ(visible_bins(counts, edges), 5u);
  counts[99] = 5;  // 5% in the tail: not rare, everything is shown
  EXPECT_EQ(visible_bins(counts, edges), 100u);
}
