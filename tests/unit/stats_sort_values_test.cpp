#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "stats/sort_values.hpp"

using namespace latbench::stats;

namespace {
// Expected order: std::sort of a copy (an independent implementation).
void expect_sorted_like_std(std::vector<double> values) {
  std::vector<double> expected = values;
  std::sort(expected.begin(), expected.end());
  sort_values(values);
  EXPECT_EQ(values, expected);
}
}  // namespace

TEST(StatsSortValues, FewDistinctValuesAreCountedIntoOrder) {
  std::mt19937_64 rng(5);
  std::vector<double> v;
  for (int i = 0; i < 100000; ++i) v.push_back(static_cast<double>(rng() % 3000) / 10 - 50);  // negatives too
  for (int i = 0; i < 1000; ++i) v.push_back(7.5);  // a run of equal values
  expect_sorted_like_std(v);
}

TEST(StatsSortValues, TooManyDistinctValuesFallBackToSorting) {
  std::mt19937_64 rng(6);
  std::vector<double> v;
  for (std::size_t i = 0; i < 3 * k_counting_sort_max_distinct; ++i) v.push_back(static_cast<double>(rng() >> 11));
  expect_sorted_like_std(v);
}

TEST(StatsSortValues, ExactlyTheLargestCountableNumberOfDistinctValues) {
  std::vector<double> v;
  for (std::size_t i = 0; i < k_counting_sort_max_distinct; ++i) v.push_back(static_cast<double>(k_counting_sort_max_distinct - i));
  v.push_back(3);  // a repeat, not a new value
  expect_sorted_like_std(v);
  v.push_back(0.5);  // one too many: std::sort
  expect_sorted_like_std(v);
}

TEST(StatsSortValues, SmallAndEmptySeries) {
  expect_sorted_like_std({});
  expect_sorted_like_std({3, 1, 2});
}
