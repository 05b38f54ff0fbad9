// Expected numbers from tests/fixtures/compare/stats_reference.py (pairwise differences and the
// null distribution of U by enumeration; binomial sums with math.comb).
#include <gtest/gtest.h>

#include <vector>

#include "stats/proportions.hpp"
#include "stats/rank_intervals.hpp"

namespace st = latbench::stats;

namespace {
const std::vector<double> k_rounds_a = {41.2, 40.8, 42.5, 41.9, 40.1, 43.0, 41.5, 42.2, 40.6, 41.1};
const std::vector<double> k_rounds_b = {44.0, 43.1, 45.2, 44.8, 42.9, 46.1, 43.7, 44.5, 45.0, 43.3};
}  // namespace

TEST(StatsRankIntervals, HodgesLehmannAndMosesIntervalMatchReference) {
  auto hl = st::hodges_lehmann(k_rounds_a, k_rounds_b);
  EXPECT_TRUE(hl.covers);
  EXPECT_NEAR(hl.estimate, 2.75, 1e-12);
  EXPECT_NEAR(hl.low, 1.8, 1e-12);
  EXPECT_NEAR(hl.high, 3.8, 1e-12);
}

TEST(StatsRankIntervals, MedianIntervalUsesBinomialOrderStatistics) {
  auto m = st::median_interval(k_rounds_a);
  EXPECT_TRUE(m.covers);
  EXPECT_NEAR(m.estimate, 41.35, 1e-12);
  EXPECT_DOUBLE_EQ(m.low, 40.6);
  EXPECT_DOUBLE_EQ(m.high, 42.5);
}

TEST(StatsRankIntervals, TooFewValuesSayTheIntervalDoesNotCover) {
  std::vector<double> three = {1, 2, 3};
  auto m = st::median_interval(three);
  EXPECT_FALSE(m.covers);  // 2 * 0.5^3 = 0.25 > 0.05: no order statistic interval exists
  EXPECT_DOUBLE_EQ(m.low, 1);
  EXPECT_DOUBLE_EQ(m.high, 3);
  std::vector<double> a = {1, 2}, b = {3, 4};
  EXPECT_FALSE(st::hodges_lehmann(a, b).covers);
}

TEST(StatsProportions, WilsonIntervalMatchesReference) {
  auto w = st::wilson_interval(3, 200);
  EXPECT_NEAR(w.low, 0.00511423779325831, 1e-9);
  EXPECT_NEAR(w.high, 0.04316572879269026, 1e-9);
}

TEST(StatsProportions, NewcombeIntervalAndPooledTestMatchReference) {
  auto c = st::compare_proportions(0, 1000, 12, 1000);
  EXPECT_NEAR(c.diff, 0.012, 1e-15);
  EXPECT_NEAR(c.diff_ci.low, 0.005606051884632563, 1e-9);
  EXPECT_NEAR(c.diff_ci.high, 0.02085726847549828, 1e-9);
  EXPECT_NEAR(c.z, 3.474540920416088, 1e-9);
  EXPECT_NEAR(c.p_two_sided, 0.0005117283062950876, 1e-9);
  EXPECT_NEAR(st::proportion_increase_p(0, 1000, 12, 1000, 0.0), 0.0002558641531475438, 1e-9);
}

TEST(StatsProportions, NoErrorsOnEitherSideIsNoEvidence) {
  EXPECT_DOUBLE_EQ(st::compare_proportions(0, 100, 0, 100).p_two_sided, 1.0);
  EXPECT_DOUBLE_EQ(st::proportion_increase_p(0, 100, 0, 100, 0.0), 1.0);
}

TEST(StatsRankIntervals, MedianIntervalWorksBeyondDoubleUnderflowOfHalfToTheN) {
  // 0.5^2000 is 0 in double precision: the binomial terms must not be computed that way.
  std::vector<double> v;
  for (int i = 0; i < 2000; ++i) v.push_back(i);
  auto m = st::median_interval(v);
  EXPECT_TRUE(m.covers);
  // Normal approximation of the order statistic: n/2 -+ 1.96 sqrt(n)/2 = 1000 -+ 43.8.
  EXPECT_NEAR(m.low, 956, 2);
  EXPECT_NEAR(m.high, 1043, 2);
}

TEST(StatsProportions, NewcombePValueAgreesWithTheIntervalAboutZero) {
  // The pooled z-test and Newcombe's interval can disagree near the boundary; the p compare
  // shows must not: the interval holds 0 exactly when p >= 1 - confidence.
  int disagreements_of_z = 0;
  for (std::size_t ka = 0; ka <= 12; ++ka) {
    for (std::size_t kb = 0; kb <= 24; kb += 2) {
      const double p = st::newcombe_p_value(ka, 400, kb, 380);
      for (double confidence : {0.9, 0.95, 0.99}) {
        const auto c = st::compare_proportions(ka, 400, kb, 380, confidence);
        const bool holds_zero = c.diff_ci.low <= 0 && c.diff_ci.high >= 0;
        EXPECT_EQ(holds_zero, p >= 1 - confidence - 1e-12) << ka << " vs " << kb << " at " << confidence << ": p " << p;
        disagreements_of_z += holds_zero != (c.p_two_sided >= 1 - confidence);
      }
    }
  }
  EXPECT_DOUBLE_EQ(st::newcombe_p_value(3, 100, 3, 100), 1.0);
  EXPECT_GT(disagreements_of_z, 0);  // why the row does not show the z-test's p
}
