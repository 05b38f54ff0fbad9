// Expected numbers come from tests/fixtures/compare/stats_reference.py (stdlib Python: U by
// counting pairs, exact p by enumerating all rank assignments); its output is
// tests/fixtures/compare/stats_reference.out.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "stats/holm.hpp"
#include "stats/mann_whitney.hpp"

namespace st = latbench::stats;

namespace {
const std::vector<double> k_x_small = {12.1, 15.3, 11.8, 14.2, 13.0, 16.4};
const std::vector<double> k_y_small = {14.9, 17.2, 16.1, 18.3, 15.8, 19.0, 13.7};
const std::vector<double> k_x_ties = {10, 12, 12, 13, 15, 15, 15, 18};
const std::vector<double> k_y_ties = {12, 14, 15, 15, 17, 18, 18, 20, 21};
}  // namespace

TEST(StatsMannWhitney, ExactPValuesMatchEnumerationWithoutTies) {
  auto two = st::mann_whitney_u(k_x_small, k_y_small, st::Alternative::two_sided);
  EXPECT_TRUE(two.exact);
  EXPECT_DOUBLE_EQ(two.u, 7.0);
  EXPECT_NEAR(two.p_value, 0.05128205128205128, 1e-12);
  auto less = st::mann_whitney_u(k_x_small, k_y_small, st::Alternative::less);
  EXPECT_NEAR(less.p_value, 0.02564102564102564, 1e-12);
  auto greater = st::mann_whitney_u(k_x_small, k_y_small, st::Alternative::greater);
  EXPECT_NEAR(greater.p_value, 0.9825174825174825, 1e-12);
}

TEST(StatsMannWhitney, TiesUseNormalApproximationWithTieAndContinuityCorrection) {
  auto two = st::mann_whitney_u(k_x_ties, k_y_ties, st::Alternative::two_sided);
  EXPECT_FALSE(two.exact);
  EXPECT_TRUE(two.ties);
  EXPECT_DOUBLE_EQ(two.u, 17.0);
  EXPECT_NEAR(two.p_value, 0.07006124229940859, 1e-12);
  EXPECT_NEAR(st::mann_whitney_u(k_x_ties, k_y_ties, st::Alternative::greater).p_value,
              0.9718969508324722, 1e-12);
  EXPECT_NEAR(st::mann_whitney_u(k_x_ties, k_y_ties, st::Alternative::less).p_value,
              0.035030621149704295, 1e-12);
}

TEST(StatsMannWhitney, SwappingSamplesMirrorsUAndOneSidedPValues) {
  auto xy = st::mann_whitney_u(k_x_small, k_y_small, st::Alternative::less);
  auto yx = st::mann_whitney_u(k_y_small, k_x_small, st::Alternative::greater);
  EXPECT_DOUBLE_EQ(yx.u, 6.0 * 7.0 - xy.u);
  EXPECT_NEAR(yx.p_value, xy.p_value, 1e-12);
}

TEST(StatsMannWhitney, NullPmfSumsToOneAndIsSymmetric) {
  auto pmf = st::mann_whitney_null_pmf(7, 5);
  ASSERT_EQ(pmf.size(), 36u);
  double sum = 0;
  for (double p : pmf) sum += p;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  for (std::size_t u = 0; u < pmf.size(); ++u) EXPECT_NEAR(pmf[u], pmf[35 - u], 1e-15);
  EXPECT_NEAR(pmf[0], 1.0 / 792.0, 1e-15);  // C(12, 5) = 792 equally likely rank sets
}

TEST(StatsMannWhitney, ExactAndNormalAgreeForModerateSamples) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> nd(0, 1);
  std::vector<double> x(40), y(45);
  for (double& v : x) v = nd(rng);
  for (double& v : y) v = nd(rng) + 0.4;
  auto exact = st::mann_whitney_u(x, y, st::Alternative::two_sided, st::MannWhitneyMethod::exact);
  auto normal = st::mann_whitney_u(x, y, st::Alternative::two_sided, st::MannWhitneyMethod::normal);
  EXPECT_TRUE(exact.exact);
  EXPECT_FALSE(normal.exact);
  EXPECT_NEAR(exact.p_value, normal.p_value, 0.01);
}

TEST(StatsMannWhitney, AllEqualValuesGiveNoEvidence) {
  std::vector<double> a(30, 5.0), b(20, 5.0);
  auto r = st::mann_whitney_u(a, b);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0);
  EXPECT_DOUBLE_EQ(r.u, 300.0);
}

TEST(StatsMannWhitney, EmptySampleGivesPOne) {
  std::vector<double> empty;
  EXPECT_DOUBLE_EQ(st::mann_whitney_u(empty, k_x_small).p_value, 1.0);
}

TEST(StatsMannWhitney, LargeShiftIsHighlySignificant) {
  std::vector<double> a, b;
  for (int i = 0; i < 1000; ++i) {
    a.push_back(i);
    b.push_back(i + 300);
  }
  auto r = st::mann_whitney_u(b, a, st::Alternative::greater);
  EXPECT_LT(r.p_value, 1e-20);
}

TEST(StatsHolm, AdjustedPValuesMatchReference) {
  std::vector<double> p = {0.01, 0.04, 0.03, 0.005, 0.20};
  std::vector<double> expected = {0.04, 0.09, 0.09, 0.025, 0.2};
  auto adj = st::holm_adjust(p);
  ASSERT_EQ(adj.size(), expected.size());
  for (std::size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(adj[i], expected[i], 1e-12) << i;
}

TEST(StatsHolm, NeverExceedsOne) {
  std::vector<double> p = {0.6, 0.7};
  for (double a : st::holm_adjust(p)) EXPECT_LE(a, 1.0);
}
