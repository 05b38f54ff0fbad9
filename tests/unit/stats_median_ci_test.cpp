#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "stats/median_ci.hpp"

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
  const std::size_t n = k_bootstrap_max + 1;
  const auto v = sorted_normal(n, 3);
  const MedianCi ci = median_ci(v);
  // 1-based k = floor(n/2 - 1.959964 sqrt(n)/2) = floor(100000.5 - 438.26...) = 99562
  // (python3: math.floor((200001)/2 - 1.959963984540054*math.sqrt(200001)/2) -> 99562)
  EXPECT_EQ(ci.low, v[99562 - 1]);
  EXPECT_EQ(ci.high, v[n - 99562]);
  EXPECT_NE(ci.method.find("order statistics"), std::string::npos);
  // Width close to the asymptotic 2 * 1.96 * sqrt(pi/2) / sqrt(n) = 0.01099 for N(., 1).
  EXPECT_NEAR(ci.high - ci.low, 0.011, 0.002);
}

TEST(StatsMedianCi, FewerThanTwoValuesHaveNoInterval) {
  EXPECT_FALSE(median_ci(std::vector<double>{}).valid);
  EXPECT_FALSE(median_ci(std::vector<double>{5.0}).valid);
}

// Textbook ranks of the distribution-free 95% interval of the median (e.g. Conover, Practical
// Nonparametric Statistics, table A3; Altman et al., Statistics with Confidence): n = 10 ->
// [x_(2), x_(9)], n = 20 -> [x_(6), x_(15)], n = 100 -> [x_(40), x_(61)]; below 6 values no
// 95% interval exists (2 x 0.5^5 = 6.25% > 5%).
TEST(StatsMedianCi, IntervalRanksMatchTheTables) {
  EXPECT_EQ(median_interval_rank(10), 2u);
  EXPECT_EQ(median_interval_rank(20), 6u);
  EXPECT_EQ(median_interval_rank(100), 40u);
  EXPECT_EQ(median_interval_rank(5), 0u);
  EXPECT_EQ(median_interval_rank(6), 1u);
}

// The replicates must follow the distribution of the median of n values drawn with replacement.
// Expected: every one of the n^n equally likely resamples enumerated, sorted and its median
// (linear interpolation) taken — nothing of median_ci's shortcut is used.
TEST(StatsMedianCi, ReplicatesFollowTheMedianOfResamplesDrawnWithReplacement) {
  for (std::size_t n : {4u, 5u}) {
    std::vector<double> data;
    for (std::size_t i = 0; i < n; ++i) data.push_back(10.0 * static_cast<double>(i + 1));
    std::map<double, double> exact;
    std::size_t total = 1;
    for (std::size_t i = 0; i < n; ++i) total *= n;
    for (std::size_t code = 0; code < total; ++code) {
      std::vector<double> resample;
      for (std::size_t c = code, i = 0; i < n; ++i, c /= n) resample.push_back(data[c % n]);
      std::sort(resample.begin(), resample.end());
      const double median = n % 2 ? resample[n / 2] : (resample[n / 2 - 1] + resample[n / 2]) / 2;
      exact[median] += 1.0 / static_cast<double>(total);
    }
    const std::size_t draws = 200000;
    const auto reps = bootstrap_median_replicates(data, draws, 11);
    ASSERT_EQ(reps.size(), draws);
    std::map<double, double> seen;
    for (double r : reps) seen[r] += 1.0 / static_cast<double>(draws);
    for (const auto& [value, p] : seen) EXPECT_TRUE(exact.count(value)) << "n=" << n << " impossible median " << value;
    for (const auto& [value, p] : exact) EXPECT_NEAR(seen[value], p, 0.005) << "n=" << n << " median " << value;
  }
  EXPECT_EQ(bootstrap_median_replicates(std::vector<double>{1, 2, 3}, 50, 4),
            bootstrap_median_replicates(std::vector<double>{1, 2, 3}, 50, 4));
}
