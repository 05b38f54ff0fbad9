#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "stats/streaming_summary.hpp"
#include "stats/summary.hpp"

using namespace latbench;
using namespace latbench::stats;

namespace {

// Deterministic lognormal-ish latencies (Box-Muller on mt19937_64's raw output, so every
// standard library gives the same numbers).
std::vector<double> latencies(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) / 9007199254740992.0; };
  std::vector<double> v(n);
  for (auto& x : v) {
    const double z = std::sqrt(-2 * std::log(uniform())) * std::cos(2 * M_PI * uniform());
    x = 40.0 * std::exp(0.6 * z);
  }
  return v;
}

void expect_within_bound(double approx, double exact, const char* what) {
  EXPECT_LE(std::fabs(approx - exact), StreamingSummary::k_max_relative_error * std::fabs(exact) + 1e-12)
      << what << ": approx " << approx << " exact " << exact;
}

}  // namespace

TEST(StatsStreamingSummary, ExactMomentsAndBoundedPercentiles) {
  const auto values = latencies(100000, 42);
  StreamingSummary sketch;
  for (double v : values) sketch.add(v);
  SummaryOptions options;
  options.trim = {Trim::Kind::count, 100};
  const Summary approx = sketch.summarize("x", "ms", options);
  const Summary exact = summarize(Series{"x", "ms", values, {}}, options);

  EXPECT_EQ(approx.all.count, exact.all.count);
  EXPECT_EQ(approx.all.min, exact.all.min);
  EXPECT_EQ(approx.all.max, exact.all.max);
  EXPECT_NEAR(approx.all.mean, exact.all.mean, 1e-9 * exact.all.mean);
  EXPECT_NEAR(approx.all.sd, exact.all.sd, 1e-9 * exact.all.sd);
  EXPECT_NEAR(approx.all.sd_population, exact.all.sd_population, 1e-9 * exact.all.sd);
  expect_within_bound(approx.all.median, exact.all.median, "median");
  expect_within_bound(approx.all.percentiles.p90, exact.all.percentiles.p90, "p90");
  expect_within_bound(approx.all.percentiles.p99, exact.all.percentiles.p99, "p99");
  expect_within_bound(approx.all.percentiles.p999, exact.all.percentiles.p999, "p99.9");

  ASSERT_TRUE(approx.trimmed && exact.trimmed);
  EXPECT_EQ(approx.trimmed->count, exact.trimmed->count);
  expect_within_bound(approx.trimmed->min, exact.trimmed->min, "trimmed min");
  expect_within_bound(approx.trimmed->max, exact.trimmed->max, "trimmed max");
  expect_within_bound(approx.trimmed->median, exact.trimmed->median, "trimmed median");
  expect_within_bound(approx.trimmed->mean, exact.trimmed->mean, "trimmed mean");
}

TEST(StatsStreamingSummary, NegativeZeroAndMergeMatchOnePass) {
  std::vector<double> values{-3.5, -0.25, 0, 0, 0.001, 2, 7.5, 1e6};
  StreamingSummary a, b, all;
  for (std::size_t i = 0; i < values.size(); ++i) {
    (i % 2 ? a : b).add(values[i]);
    all.add(values[i]);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), 8u);
  EXPECT_EQ(a.min(), -3.5);
  EXPECT_EQ(a.max(), 1e6);
  EXPECT_NEAR(a.mean(), all.mean(), 1e-9);
  EXPECT_NEAR(a.sd(), all.sd(), 1e-6);
  // Ranks in order: -3.5 -0.25 0 0 0.001 2 7.5 1e6; rank 2 and 3 are exact zeros.
  EXPECT_EQ(a.value_at_rank(2), 0.0);
  EXPECT_EQ(a.value_at_rank(3), 0.0);
  EXPECT_NEAR(a.value_at_rank(1), -0.25, 0.25 / 256);
  EXPECT_NEAR(a.value_at_rank(5), 2, 2.0 / 256);
  expect_within_bound(a.percentile(0.5), (0.0 + 0.001) / 2, "median");  // exact 0.0005
}

TEST(StatsStreamingSummary, IgnoresNonFiniteAndEmptyIsNoData) {
  StreamingSummary s;
  s.add(std::nan(""));
  s.add(INFINITY);
  EXPECT_EQ(s.count(), 0u);
  const Summary sum = s.summarize("x", "ms", {});
  EXPECT_EQ(sum.all.count, 0u);
  EXPECT_TRUE(sum.histogram.counts.empty());
}

TEST(StatsStreamingSummary, HistogramWithExplicitEdgesCountsEveryValue) {
  StreamingSummary s;
  for (double v : {100.0, 400.0, 499.0, 600.0, 1500.0, 2500.0}) s.add(v);
  SummaryOptions options;
  options.histogram = {HistogramSpec::Kind::edges, 0, {0, 500, 1000, 2000}};
  const Summary sum = s.summarize("x", "ms", options);
  EXPECT_EQ(sum.histogram.counts, (std::vector<std::uint64_t>{3, 1, 1}));
  EXPECT_EQ(sum.histogram.overflow, 1u);
}

TEST(StatsStreamingSummary, TrimmedSdAndMedianCiStayWithinTheStatedBounds) {
  const auto values = latencies(50000, 7);
  StreamingSummary sketch;
  for (double v : values) sketch.add(v);
  SummaryOptions options;
  options.trim = {Trim::Kind::share, 0.05};
  const Summary approx = sketch.summarize("x", "ms", options);
  const Summary exact = summarize(Series{"x", "ms", values, {}}, options);
  ASSERT_TRUE(approx.trimmed && exact.trimmed);
  // Bound for the trimmed SD: 0.39% of the kept values' root mean square.
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  double sum_squares = 0;
  for (std::size_t i = exact.trim_low; i < sorted.size() - exact.trim_high; ++i) sum_squares += sorted[i] * sorted[i];
  const double rms = std::sqrt(sum_squares / static_cast<double>(exact.trimmed->count));
  EXPECT_LE(std::fabs(approx.trimmed->sd_population - exact.trimmed->sd_population),
            StreamingSummary::k_max_relative_error * rms);
  EXPECT_LE(std::fabs(approx.trimmed->sd - exact.trimmed->sd), StreamingSummary::k_max_relative_error * rms * 1.0001);
  // Median CI: ranks from the normal approximation (n = 50000 <= 100000 is summed exactly, which
  // the approximation matches to within one rank here); each end within 0.39% of the exact value.
  const MedianCi ci = streaming_median_ci(sketch);
  ASSERT_TRUE(ci.valid);
  const auto k = median_interval_rank(values.size());
  const double z = 1.959963984540054;
  EXPECT_NEAR(static_cast<double>(k), std::floor(25000 - z * std::sqrt(50000.0) / 2), 1.0);
  expect_within_bound(ci.low, sorted[k - 1], "median CI low");
  expect_within_bound(ci.high, sorted[values.size() - k], "median CI high");
  EXPECT_LE(ci.low, exact.all.median);
  EXPECT_GE(ci.high, exact.all.median);
}

TEST(StatsStreamingSummary, ValuesMoreThanTheLargestDoubleApartGiveNoNaN) {
  // Welford's difference overflows here: mean 0 and the midpoint median by hand, no NaN.
  latbench::stats::StreamingSummary s;
  s.add(-1.7e308);
  s.add(1.7e308);
  EXPECT_EQ(s.mean(), 0);
  const auto sum = s.summarize("a", "", {});
  EXPECT_FALSE(std::isnan(sum.all.sd));
  EXPECT_FALSE(std::isnan(sum.all.median));
  EXPECT_FALSE(std::isnan(sum.all.iqr));
  EXPECT_EQ(sum.histogram.counts, (std::vector<std::uint64_t>{2}));
}
