#include <gtest/gtest.h>

#include <map>
#include <random>
#include <utility>
#include <vector>

#include "stats/sorted_runs.hpp"
#include "stats/summary.hpp"

using namespace latbench::stats;

namespace {
using Runs = std::vector<std::pair<double, std::size_t>>;

Runs runs_of(const std::vector<double>& sorted) {
  Runs out;
  for_each_run(sorted, [&](double v, std::size_t n) { out.emplace_back(v, n); });
  return out;
}

// Expected runs: a count per value in a std::map (an independent walk).
Runs counted(const std::vector<double>& sorted) {
  std::map<double, std::size_t> counts;
  for (double v : sorted) ++counts[v];
  return Runs(counts.begin(), counts.end());
}
}  // namespace

TEST(StatsSortedRuns, EveryRunOnceInOrder) {
  EXPECT_TRUE(runs_of({}).empty());
  EXPECT_EQ(runs_of({4}), (Runs{{4, 1}}));
  EXPECT_EQ(runs_of({1, 2, 3}), (Runs{{1, 1}, {2, 1}, {3, 1}}));
  EXPECT_EQ(runs_of({1, 1, 2, 3, 3, 3}), (Runs{{1, 2}, {2, 1}, {3, 3}}));
  EXPECT_EQ(runs_of(std::vector<double>(1000, 7.5)), (Runs{{7.5, 1000}}));
}

TEST(StatsSortedRuns, RunsOfEveryLengthAgreeWithACount) {
  std::mt19937_64 rng(11);
  std::vector<double> v;
  // Run lengths 1..300 (every power of two and its neighbours, where galloping turns around).
  for (std::size_t len = 1; len <= 300; ++len)
    for (std::size_t i = 0; i < len; ++i) v.push_back(static_cast<double>(len) / 10);
  for (int i = 0; i < 5000; ++i) v.push_back(static_cast<double>(rng() % 100000) + 0.5);
  std::sort(v.begin(), v.end());
  EXPECT_EQ(runs_of(v), counted(v));
}

TEST(StatsSortedRuns, MeanOfMillionsOfRepeatsIsCorrectlyRounded) {
  // 3M x 0.1 and 1M x 0.3 (as doubles): the exact mean is 0.75 * 0.1d + 0.25 * 0.3d =
  // 0.150000000000000001387778780781445675529539585113525390625 (by hand from the doubles'
  // exact decimal expansions), whose nearest double is the literal 0.15.
  std::vector<double> v(3'000'000, 0.1);
  v.insert(v.end(), 1'000'000, 0.3);
  const Stats s = describe_sorted(v);
  EXPECT_EQ(s.mean, 0.15);
  // A single value repeated has no spread at all, not a rounding residue.
  const Stats same = describe_sorted(std::vector<double>(2'000'000, 0.1));
  EXPECT_EQ(same.mean, 0.1);
  EXPECT_EQ(same.sd, 0.0);
}
