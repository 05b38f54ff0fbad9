#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "stats/median_ci.hpp"
#include "stats/rank_intervals.hpp"

using namespace latbench::stats;

namespace {
std::vector<double> sorted_normal(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) / 9007199254740992.0; };
  std::vector<double> v(n);
  for (auto& x : v) x = 100 + std::sqrt(-2 * std::log(uniform())) * std::cos(2 * M_PI * uniform());
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

TEST(StatsMedianCi, SameSeedSameIntervalAndItHoldsTheMedian) {
  const auto v = sorted_normal(1001, 9);
  const MedianCi a = median_ci(v, 7), b = median_ci(v, 7), c = median_ci(v, 8);
  ASSERT_TRUE(a.valid);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  const double median = v[500];
  EXPECT_LE(a.low, median);
  EXPECT_GE(a.high, median);
  EXPECT_LE(c.low, median);
  EXPECT_GE(c.high, median);
  // Asymptotic width for N(., 1): 2 * 1.96 * sqrt(pi/2) / sqrt(n) = 0.155; the bootstrap of a
  // median is lumpy, so allow a factor of ~1.6 either way.
  EXPECT_GT(a.high - a.low, 0.095);
  EXPECT_LT(a.high - a.low, 0.25);
  EXPECT_NE(a.method.find("seed 7"), std::string::npos);
}

TEST(StatsMedianCi, LargeInputsUseTheOrderStatisticInterval) {
  const auto v = sorted_normal(k_bootstrap_max + 1, 3);
  const MedianCi ci = median_ci(v);
  const ShiftInterval ref = median_interval(v);
  EXPECT_EQ(ci.low, ref.low);
  EXPECT_EQ(ci.high, ref.high);
  EXPECT_NE(ci.method.find("order statistics"), std::string::npos);
}

TEST(StatsMedianCi, FewerThanTwoValuesHaveNoInterval) {
  EXPECT_FALSE(median_ci(std::vector<double>{}).valid);
  EXPECT_FALSE(median_ci(std::vector<double>{5.0}).valid);
}
