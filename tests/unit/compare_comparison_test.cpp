// Verdict logic on planted differences: the engine must call a real shift, stay quiet on noise,
// and refuse to claim anything from too few rounds or from summaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "common/planted_round.hpp"
#include "compare/comparison.hpp"

namespace cmp = latbench::compare;

using latbench::test::round_of;

namespace {

cmp::Source recording(const std::string& label, std::uint64_t seed, std::size_t n, double scale,
                      std::size_t errors = 0) {
  cmp::Source s;
  s.label = label;
  s.path = label;
  s.rounds.push_back(round_of(seed, n, scale, errors));
  return s;
}

cmp::Source rounds(const std::string& label, std::uint64_t seed, std::size_t count, double scale) {
  cmp::Source s;
  s.label = label;
  s.path = label;
  s.kind = cmp::SourceKind::rounds_dir;
  for (std::size_t i = 0; i < count; ++i) s.rounds.push_back(round_of(seed + i, 200, scale));
  return s;
}

const cmp::MetricComparison& row(const cmp::Comparison& c, cmp::Metric m) {
  for (const auto& r : c.rows)
    if (r.metric == m) return r;
  throw std::runtime_error("metric missing");
}

cmp::CompareOptions fast_compare() {
  cmp::CompareOptions o;
  // Each row is a bootstrap test of its own now: 1000 resamples (p >= 2/1001) survive Holm over
  // the 9 tests; 300 (p >= 0.0066) would not.
  o.resamples = 1000;
  return o;
}

}  // namespace

TEST(CompareComparison, PlantedTenPercentSlowdownIsSlowerWithIntervalCoveringIt) {
  auto c = cmp::compare_sources(recording("a", 20261122, 3000, 1.0), recording("b", 20261123, 3000, 1.10), fast_compare());
  EXPECT_EQ(c.method, cmp::Method::per_request);
  for (cmp::Metric m : {cmp::Metric::p50, cmp::Metric::mean, cmp::Metric::trimmed_mean}) {
    const auto& r = row(c, m);
    EXPECT_EQ(r.verdict, cmp::Verdict::worse) << cmp::metric_name(m);
    ASSERT_TRUE(r.change_ci);
    EXPECT_LT(r.change_ci->low, 10.0) << cmp::metric_name(m);
    EXPECT_GT(r.change_ci->high, 10.0) << cmp::metric_name(m);
    EXPECT_EQ(cmp::verdict_word(m, r.verdict), "slower");
  }
}

TEST(CompareComparison, SpeedupIsFaster) {
  auto c = cmp::compare_sources(recording("a", 3, 3000, 1.0), recording("b", 4, 3000, 0.8), fast_compare());
  EXPECT_EQ(row(c, cmp::Metric::p50).verdict, cmp::Verdict::better);
  EXPECT_EQ(cmp::verdict_word(cmp::Metric::p50, cmp::Verdict::better), "faster");
}

TEST(CompareComparison, IdenticalDistributionsAreNoChange) {
  auto c = cmp::compare_sources(recording("a", 5, 2000, 1.0), recording("b", 6, 2000, 1.0), fast_compare());
  for (const auto& r : c.rows)
    if (r.p_value) {
      EXPECT_EQ(r.verdict, cmp::Verdict::same) << cmp::metric_name(r.metric);
    }
}

TEST(CompareComparison, SignificantButWithinNoiseIsNoChange) {
  // +1% on 40,000 requests is highly significant (the shift's U test), but its interval sits
  // inside +-2%.
  auto c = cmp::compare_sources(recording("a", 7, 40000, 1.0), recording("b", 8, 40000, 1.01), fast_compare());
  const auto& r = row(c, cmp::Metric::shift);
  EXPECT_LT(*r.p_adjusted, 0.05);
  EXPECT_EQ(r.verdict, cmp::Verdict::same);
  auto strict = fast_compare();
  strict.noise_pct = 0;
  EXPECT_EQ(row(cmp::compare_sources(recording("a", 7, 40000, 1.0), recording("b", 8, 40000, 1.01), strict),
                cmp::Metric::mean).verdict,
            cmp::Verdict::worse);
}

TEST(CompareComparison, ErrorRateInPercentagePoints) {
  auto c = cmp::compare_sources(recording("a", 9, 1000, 1.0, 0), recording("b", 10, 1000, 1.0, 30), fast_compare());
  const auto& r = row(c, cmp::Metric::error_rate);
  EXPECT_TRUE(r.change_in_points);
  EXPECT_NEAR(*r.cand.value, 100.0 * 30 / 1030, 1e-9);
  EXPECT_EQ(r.verdict, cmp::Verdict::worse);
}

TEST(CompareComparison, ThroughputOfOneRecordingIsNotTested) {
  auto c = cmp::compare_sources(recording("a", 11, 500, 1.0), recording("b", 12, 500, 1.0), fast_compare());
  const auto& r = row(c, cmp::Metric::throughput);
  EXPECT_EQ(r.verdict, cmp::Verdict::undecided);
  EXPECT_FALSE(r.p_value);
  EXPECT_EQ(r.note, "one value per side: needs rounds to test");
}

TEST(CompareComparison, RoundsDetectAShiftWithExactU) {
  auto c = cmp::compare_sources(rounds("a", 100, 10, 1.0), rounds("b", 200, 10, 1.15), fast_compare());
  EXPECT_EQ(c.method, cmp::Method::rounds);
  const auto& r = row(c, cmp::Metric::p50);
  EXPECT_EQ(r.test, "U exact");
  EXPECT_EQ(r.base.n, 10u);
  EXPECT_EQ(r.verdict, cmp::Verdict::worse);
  ASSERT_TRUE(r.change_ci);
  EXPECT_LT(r.change_ci->low, 15.0);
  EXPECT_GT(r.change_ci->high, 15.0);
  EXPECT_EQ(row(c, cmp::Metric::throughput).verdict, cmp::Verdict::worse);  // scaled duration
}

TEST(CompareComparison, FewerThanFourRoundsClaimNothing) {
  auto c = cmp::compare_sources(rounds("a", 100, 3, 1.0), rounds("b", 200, 10, 1.5), fast_compare());
  for (const auto& r : c.rows) {
    EXPECT_EQ(r.verdict, cmp::Verdict::undecided);
    EXPECT_EQ(r.note, "needs >= 4 rounds per side to claim anything (has 3 and 10)");
  }
}

TEST(CompareComparison, SummaryOnlySideShowsValuesWithoutTest) {
  cmp::Source summary;
  summary.label = "s.json";
  summary.kind = cmp::SourceKind::summary;
  latbench::stats::Summary s;
  s.name = "total";
  s.unit = "ms";
  s.all.count = 100;
  s.all.percentiles.p50 = 50;
  s.all.mean = 55;
  summary.summary = s;
  auto c = cmp::compare_sources(summary, recording("b", 13, 500, 1.0), fast_compare());
  EXPECT_EQ(c.method, cmp::Method::summary_only);
  const auto& r = row(c, cmp::Metric::p50);
  EXPECT_EQ(r.verdict, cmp::Verdict::undecided);
  EXPECT_FALSE(r.p_value);
  ASSERT_TRUE(r.change);
  EXPECT_NEAR(*r.change, (*r.cand.value - 50) / 50 * 100, 1e-9);
  EXPECT_EQ(row(c, cmp::Metric::error_rate).note, "not in the summary");
}

// 4 vs 4 rounds: the smallest exact two-sided p is 2 / C(8, 4) = 2/70 = 0.0286, times 9 metrics
// after Holm = 0.257 > 0.05: the note must say nothing can be significant. 6 vs 6: 2/924 x 9 =
// 0.0195 < 0.05, no such note.
TEST(CompareComparison, TooFewRoundsForSignificanceAfterHolmAreSaidPlainly) {
  auto few = cmp::compare_sources(rounds("a", 100, 4, 1.0), rounds("b", 200, 4, 2.0), fast_compare());
  EXPECT_NE(few.method_note.find("no p-value can go below 0.0286 (0.257 after Holm over 9 metrics)"),
            std::string::npos)
      << few.method_note;
  auto enough = cmp::compare_sources(rounds("a", 100, 6, 1.0), rounds("b", 200, 6, 2.0), fast_compare());
  EXPECT_EQ(enough.method_note.find("no p-value"), std::string::npos) << enough.method_note;
}

TEST(CompareComparison, NoRowPairsAnIntervalHoldingZeroWithASignificantP) {
  // Per request and by rounds, shifts from none to clear: each row's p comes from the test of
  // that row, so its interval holds 0 only with p >= 1 - confidence (raw, and so after Holm).
  auto o = fast_compare();
  o.resamples = 400;
  int rows = 0, significant = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const double scale = 1.0 + static_cast<double>(seed % 4) * 0.03;
    const auto per_request = cmp::compare_sources(recording("a", seed, 150, 1.0), recording("b", seed + 100, 160, scale), o);
    const auto by_rounds = cmp::compare_sources(rounds("a", seed * 10, 7, 1.0), rounds("b", seed * 10 + 5, 7, scale), o);
    for (const auto* c : {&per_request, &by_rounds}) {
      for (const auto& r : c->rows) {
        if (!r.p_value || !r.change_ci) continue;
        ++rows;
        const bool holds_zero = r.change_ci->low <= 0 && r.change_ci->high >= 0;
        significant += *r.p_value < 0.05;
        if (holds_zero) {
          EXPECT_GE(*r.p_value, 0.05) << cmp::metric_name(r.metric) << " seed " << seed;
        }
      }
    }
  }
  EXPECT_GT(rows, 150);
  EXPECT_GT(significant, 20);
}

TEST(CompareComparison, PerRequestRowsCarryTheirOwnTestsAndAShiftRow) {
  auto c = cmp::compare_sources(recording("a", 41, 300, 1.0), recording("b", 42, 300, 1.05), fast_compare());
  EXPECT_EQ(c.rows.front().metric, cmp::Metric::shift);
  EXPECT_EQ(c.rows.front().test, "U");
  ASSERT_TRUE(c.rows.front().shift);
  std::vector<double> latency_p;
  std::size_t tested = 0;
  for (const auto& r : c.rows) {
    tested += r.p_value.has_value();
    if (r.metric != cmp::Metric::shift && r.metric != cmp::Metric::error_rate && r.p_value) {
      EXPECT_EQ(r.test, "bootstrap") << cmp::metric_name(r.metric);
      latency_p.push_back(*r.p_value);
    }
  }
  // Seven statistics, seven tests: not one U p-value copied onto every row.
  std::sort(latency_p.begin(), latency_p.end());
  EXPECT_EQ(latency_p.size(), 7u);
  EXPECT_GT(std::unique(latency_p.begin(), latency_p.end()) - latency_p.begin(), 3);
  EXPECT_EQ(tested, 9u);  // shift, 7 statistics, errors: Holm over these 9
  const auto rounds_c = cmp::compare_sources(rounds("a", 1, 6, 1.0), rounds("b", 9, 6, 1.0), fast_compare());
  for (const auto& r : rounds_c.rows) EXPECT_NE(r.metric, cmp::Metric::shift);
}
