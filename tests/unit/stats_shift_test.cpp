// The shift row's statistics against tests/fixtures/compare/device_shift.py (scipy's
// mannwhitneyu; the interval by trying every shift with scipy's test), and the property the row
// exists for: its interval holds 0 exactly when the test's p is >= 1 - confidence.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "logs/read_log.hpp"
#include "stats/rank_intervals.hpp"
#include "stats/shift_test.hpp"
#include "common/test_paths.hpp"

namespace st = latbench::stats;

namespace {

std::vector<double> device_totals(const std::string& name) {
  latbench::logs::ReadOptions read;
  auto data = latbench::logs::read_log(latbench::test::fixtures_dir() + "/compare/" + name, read);
  EXPECT_TRUE(data.ok());
  for (auto& s : latbench::logs::log_series(*data))
    if (s.name == "total") return s.values;
  ADD_FAILURE() << "no total series in " << name;
  return {};
}

}  // namespace

TEST(StatsShiftTest, DeviceRecordingsMatchScipy) {
  const auto base = device_totals("device_base.log"), slower = device_totals("device_slower.log");
  ASSERT_EQ(base.size(), 127u);
  ASSERT_EQ(slower.size(), 127u);
  const st::ShiftTest t = st::shift_test(base, slower, 0.95);
  EXPECT_DOUBLE_EQ(t.test.u, 9856.0);
  EXPECT_NEAR(t.test.p_value, 0.00221887888906911, 1e-12);
  EXPECT_FALSE(t.test.exact);
  EXPECT_DOUBLE_EQ(t.estimate, 78.0);
  ASSERT_TRUE(t.covers);
  EXPECT_DOUBLE_EQ(t.low, 30.0);
  EXPECT_DOUBLE_EQ(t.high, 133.0);
}

TEST(StatsShiftTest, OneSidedPAtABudgetEdgeMatchesScipy) {
  const auto base = device_totals("device_base.log"), slower = device_totals("device_slower.log");
  EXPECT_NEAR(st::shift_p_beyond(base, slower, 0.0, true).p_value, 0.001109439444534555, 1e-12);
  EXPECT_NEAR(st::shift_p_beyond(base, slower, 25.14, true).p_value, 0.016726189536657658, 1e-12);
  EXPECT_NEAR(st::shift_p_beyond(base, slower, 62.85, true).p_value, 0.27269745885235475, 1e-12);
}

TEST(StatsShiftTest, AtZeroItIsTheMannWhitneyTest) {
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int> d(0, 30);
  std::vector<double> x, y;
  for (int i = 0; i < 40; ++i) x.push_back(d(rng));
  for (int i = 0; i < 45; ++i) y.push_back(d(rng) + 3);
  const auto t = st::shift_test(x, y);
  const auto mw = st::mann_whitney_u(y, x);
  EXPECT_DOUBLE_EQ(t.test.p_value, mw.p_value);
  EXPECT_DOUBLE_EQ(st::shift_p_beyond(x, y, 0, true).p_value, st::mann_whitney_u(y, x, st::Alternative::greater).p_value);
}

TEST(StatsShiftTest, IntervalHoldsZeroExactlyWhenPIsNotSignificant) {
  // Integer data (ties within and across the samples), continuous data, small (exact) and large
  // samples, shifts from none to clear: never an interval around 0 with p < 0.05, nor the reverse.
  int checked = 0, significant = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    const std::size_t n1 = 5 + seed % 60, n2 = 5 + (seed * 7) % 70;
    const double shift = static_cast<double>(seed % 5) * 1.5;
    const bool integers = seed % 2 == 0;
    std::normal_distribution<double> noise(20, 4);
    std::vector<double> x, y;
    for (std::size_t i = 0; i < n1; ++i) x.push_back(integers ? std::round(noise(rng)) : noise(rng));
    for (std::size_t i = 0; i < n2; ++i) y.push_back(integers ? std::round(noise(rng) + shift) : noise(rng) + shift);
    const auto t = st::shift_test(x, y, 0.95);
    if (!t.covers) continue;
    ++checked;
    const bool holds_zero = t.low <= 0 && t.high >= 0;
    const bool sig = t.test.p_value < 0.05;
    significant += sig;
    EXPECT_NE(holds_zero, sig) << "seed " << seed << ": [" << t.low << ", " << t.high << "] p " << t.test.p_value;
    EXPECT_LE(t.low, t.estimate);
    EXPECT_GE(t.high, t.estimate);
  }
  EXPECT_GT(checked, 250);
  EXPECT_GT(significant, 50);
  EXPECT_LT(significant, checked - 50);
}

TEST(StatsShiftTest, MosesIntervalWithoutTiesIsUnchanged) {
  // stats_reference.py's enumeration: estimate 2.75, [1.8, 3.8] (c = 23).
  const std::vector<double> a = {41.2, 40.8, 42.5, 41.9, 40.1, 43.0, 41.5, 42.2, 40.6, 41.1};
  const std::vector<double> b = {44.0, 43.1, 45.2, 44.8, 42.9, 46.1, 43.7, 44.5, 45.0, 43.3};
  const auto t = st::shift_test(a, b);
  EXPECT_TRUE(t.test.exact);
  EXPECT_NEAR(t.estimate, 2.75, 1e-12);
  EXPECT_NEAR(t.low, 1.8, 1e-12);
  EXPECT_NEAR(t.high, 3.8, 1e-12);
}

TEST(StatsShiftTest, LargeSamplesNeedNoPairTable) {
  // 3000 x 3000 = 9M differences: beyond what hodges_lehmann used to build (4M); a shift of 5.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(100, 10);
  std::vector<double> x, y;
  for (int i = 0; i < 3000; ++i) x.push_back(noise(rng));
  for (int i = 0; i < 3000; ++i) y.push_back(noise(rng) + 5);
  const auto hl = st::hodges_lehmann(x, y);
  EXPECT_TRUE(hl.covers);
  EXPECT_NEAR(hl.estimate, 5, 1);
  EXPECT_LT(hl.low, hl.estimate);
  EXPECT_GT(hl.high, hl.estimate);
  EXPECT_LT(hl.high - hl.low, 2.0);  // 2 x 1.96 x sqrt(2) x 10 x sqrt(pi/3) / sqrt(3000) ~ 1.0
}
