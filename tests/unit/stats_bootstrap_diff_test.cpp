// Point estimates are checked against tests/fixtures/compare/stats_reference.py (numpy's type-7
// percentile written out, SD with n-1); the bootstrap itself against known, planted shifts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "stats/bootstrap_diff.hpp"

namespace st = latbench::stats;
using Kind = st::Estimator::Kind;

namespace {

std::vector<st::Estimator> all_estimators() {
  st::Estimator trimmed{Kind::trimmed_mean, 0, {}};
  trimmed.trim = {st::Trim::Kind::count, 2};
  return {{Kind::quantile, 0.5, {}}, {Kind::quantile, 0.9, {}}, {Kind::quantile, 0.99, {}},
          {Kind::mean, 0, {}}, {Kind::sd, 0, {}}, trimmed};
}

std::vector<double> lognormal(std::uint64_t seed, std::size_t n, double scale) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(40.0), 0.35);
  std::vector<double> v(n);
  for (double& x : v) x = dist(rng) * scale;
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(StatsBootstrapDiff, PointEstimatesMatchReference) {
  std::vector<double> s = {10, 12, 12, 13, 15, 15, 15, 18, 12, 14, 15, 15, 17, 18, 18, 20, 21};
  std::sort(s.begin(), s.end());
  auto est = all_estimators();
  auto v = st::estimate_all(s, est);
  EXPECT_NEAR(v[0], 15.0, 1e-12);
  EXPECT_NEAR(v[1], 18.8, 1e-12);
  EXPECT_NEAR(v[2], 20.84, 1e-12);
  EXPECT_NEAR(v[3], 15.294117647058824, 1e-12);
  EXPECT_NEAR(v[4], 3.03654215108141, 1e-12);
  EXPECT_NEAR(v[5], 15.153846153846153, 1e-12);
}

TEST(StatsBootstrapDiff, SameSeedSameReplicates) {
  auto s = lognormal(1, 300, 1.0);
  auto est = all_estimators();
  auto a = st::bootstrap_replicates(s, est, 50, 42);
  auto b = st::bootstrap_replicates(s, est, 50, 42);
  auto c = st::bootstrap_replicates(s, est, 50, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(StatsBootstrapDiff, ReplicatesStayWithinTheSampleRange) {
  auto s = lognormal(2, 200, 1.0);
  auto est = all_estimators();
  auto reps = st::bootstrap_replicates(s, est, 100, 3);
  for (std::size_t e = 0; e < est.size(); ++e) {
    if (est[e].kind == Kind::sd) continue;
    for (double r : reps[e]) {
      EXPECT_GE(r, s.front());
      EXPECT_LE(r, s.back());
    }
  }
}

TEST(StatsBootstrapDiff, PlantedTenPercentShiftIsCoveredAndExcludesZero) {
  // b is a fresh lognormal sample scaled by 1.10: every quantile and the mean shift by +10%.
  auto a = lognormal(11, 2000, 1.0);
  auto b = lognormal(12, 2000, 1.10);
  std::vector<st::Estimator> est = {{Kind::quantile, 0.5, {}}, {Kind::quantile, 0.9, {}},
                                    {Kind::mean, 0, {}}};
  auto cmp = st::bootstrap_compare(a, b, est, {400, 5, 0.95});
  for (const auto& c : cmp) {
    ASSERT_TRUE(c.has_relative);
    EXPECT_LT(c.rel_ci.low, 10.0);
    EXPECT_GT(c.rel_ci.high, 10.0);
    EXPECT_GT(c.rel_ci.low, 0.0);  // detected: the interval excludes "no change"
    EXPECT_LT(c.p_two_sided, 0.01);
    EXPECT_LE(c.a_ci.low, c.a);
    EXPECT_GE(c.a_ci.high, c.a);
  }
}

TEST(StatsBootstrapDiff, IntervalsCoverAPlantedShiftAtAboutTheirConfidence) {
  // 60 seeded pairs, b = a's distribution scaled by 1.10: a 95% interval should contain +10% in
  // about 57 of them; fewer than 51 would mean the intervals are too narrow.
  std::vector<st::Estimator> est = {{Kind::quantile, 0.5, {}}, {Kind::mean, 0, {}}};
  int covered[2] = {0, 0};
  for (std::uint64_t t = 0; t < 60; ++t) {
    auto a = lognormal(5000 + 2 * t, 800, 1.0);
    auto b = lognormal(5001 + 2 * t, 800, 1.10);
    auto c = st::bootstrap_compare(a, b, est, {200, t, 0.95});
    for (int e = 0; e < 2; ++e) covered[e] += c[e].rel_ci.low < 10.0 && c[e].rel_ci.high > 10.0;
  }
  EXPECT_GE(covered[0], 51);
  EXPECT_GE(covered[1], 51);
}

TEST(StatsBootstrapDiff, IdenticalDistributionsUsuallyCoverZero) {
  // 40 seeded pairs from one distribution: the 95% interval of the p50 change should contain 0
  // in most of them (the expected misses are 2; allow up to 6 for the bootstrap's own error).
  std::vector<st::Estimator> est = {{Kind::quantile, 0.5, {}}};
  int misses = 0;
  for (std::uint64_t t = 0; t < 40; ++t) {
    auto a = lognormal(100 + 2 * t, 300, 1.0);
    auto b = lognormal(101 + 2 * t, 300, 1.0);
    auto c = st::bootstrap_compare(a, b, est, {200, t, 0.95});
    if (c[0].rel_ci.low > 0 || c[0].rel_ci.high < 0) ++misses;
  }
  EXPECT_LE(misses, 6);
}

TEST(StatsBootstrapDiff, ShareAtOrBelowIsNeverZero) {
  std::vector<double> reps = {5, 6, 7};
  EXPECT_DOUBLE_EQ(st::share_at_or_below(reps, 1), 0.25);
  EXPECT_DOUBLE_EQ(st::share_at_or_below(reps, 6), 0.75);
}

TEST(StatsBootstrapDiff, PercentileIntervalOfKnownReplicates) {
  std::vector<double> reps;
  for (int i = 0; i <= 100; ++i) reps.push_back(100 - i);  // 0..100 shuffled order
  auto ci = st::percentile_interval(reps, 0.90);
  EXPECT_NEAR(ci.low, 5.0, 1e-12);
  EXPECT_NEAR(ci.high, 95.0, 1e-12);
}

TEST(StatsBootstrapDiff, SidesResampleIndependently) {
  // Same data on both sides: if the two streams were correlated the differences would collapse
  // towards 0. Independent sides give Var(diff) = 2 Var(side), i.e. an SD ratio of sqrt(2).
  auto s = lognormal(9, 1000, 1.0);
  std::vector<st::Estimator> est = {{Kind::mean, 0, {}}};
  auto c = st::bootstrap_compare(s, s, est, {400, 77, 0.95});
  auto sd = [](const std::vector<double>& v) {
    double m = 0, ss = 0;
    for (double x : v) m += x;
    m /= static_cast<double>(v.size());
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
  };
  const double ratio = sd(c[0].diff_replicates) / sd(c[0].b_replicates);
  EXPECT_NEAR(ratio, std::sqrt(2.0), 0.25);
}

TEST(StatsBootstrapDiff, PercentilePValueInvertsThePercentileInterval) {
  // -4 -3 -2 -1 1 2 ... 16: the interpolated quantile reaches 0 half way from -1 to 1, at rank
  // 3.5 of 19 steps, so p = 2 x 3.5 / 19; the interval at 1 - p starts exactly at 0.
  std::vector<double> twenty = {-4, -3, -2, -1};
  for (int v = 1; v <= 16; ++v) twenty.push_back(v);
  std::reverse(twenty.begin(), twenty.end());
  EXPECT_DOUBLE_EQ(st::percentile_p_value(twenty, 0.0), 7.0 / 19.0);
  std::vector<double> copy = twenty;
  EXPECT_NEAR(st::percentile_interval(copy, 1 - 7.0 / 19.0).low, 0.0, 1e-12);
  // All above 0: no resample shows "no change"; B resamples cannot claim below 2 / (B + 1).
  const std::vector<double> above = {1, 2, 3};
  EXPECT_DOUBLE_EQ(st::percentile_p_value(above, 0.0), 0.5);
  // Property: for any replicates and confidence, the interval leaves 0 out exactly when p < 1 - c.
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 2000; ++trial) {
    std::normal_distribution<double> d(static_cast<double>(trial % 9) * 0.25, 1);
    std::vector<double> reps(50 + trial % 400);
    for (double& r : reps) r = trial % 3 == 0 ? std::round(d(rng) * 4) / 4 : d(rng);  // ties too
    const double confidence = 0.8 + static_cast<double>(trial % 19) * 0.01;
    const double p = st::percentile_p_value(reps, 0.0);
    std::vector<double> tmp = reps;
    const auto ci = st::percentile_interval(tmp, confidence);
    const bool holds_zero = ci.low <= 0 && ci.high >= 0;
    if (p <= 2.0 / (static_cast<double>(reps.size()) + 1.0)) continue;  // at the floor: only p >= level is promised
    EXPECT_NE(holds_zero, p < 1 - confidence - 1e-12) << "trial " << trial << " p " << p << " [" << ci.low << ", " << ci.high << "]";
  }
}

TEST(StatsBootstrapDiff, EveryStatisticsPAgreesWithItsInterval) {
  const std::vector<st::Estimator> est = {{st::Estimator::Kind::quantile, 0.5, {}},
                                          {st::Estimator::Kind::quantile, 0.99, {}},
                                          {st::Estimator::Kind::mean, 0, {}},
                                          {st::Estimator::Kind::sd, 0, {}}};
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    std::lognormal_distribution<double> d(std::log(40.0), 0.4);
    std::vector<double> a(120), b(130);
    for (double& v : a) v = d(rng);
    for (double& v : b) v = d(rng) * (1 + static_cast<double>(seed % 4) * 0.04);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    const auto cmp = st::bootstrap_compare(a, b, est, {500, seed, 0.95});
    for (const auto& c : cmp) {
      const bool holds_zero = c.rel_ci.low <= 0 && c.rel_ci.high >= 0;
      if (holds_zero) EXPECT_GE(c.p_two_sided, 0.05) << "seed " << seed;
      else EXPECT_LT(c.p_two_sided, 0.05) << "seed " << seed;
    }
  }
}
