#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "stats/histogram.hpp"

using namespace latbench::stats;

TEST(StatsHistogram, ExplicitEdgesCountHalfOpenBinsAndCloseTheLast) {
  std::vector<double> v{0, 499, 500, 999, 1000, 1500, 2000, 2500, -1};
  std::sort(v.begin(), v.end());
  auto spec = *parse_buckets("0,500,1000,2000");
  Histogram h = build_histogram(v, spec);
  // By hand: [0,500): 0,499  [500,1000): 500,999  [1000,2000]: 1000,1500,2000
  EXPECT_EQ(h.counts, (std::vector<std::uint64_t>{2, 2, 3}));
  EXPECT_EQ(h.underflow, 1u);
  EXPECT_EQ(h.overflow, 1u);
}

TEST(StatsHistogram, FixedWidthAlignsEdgesOnMultiples) {
  std::vector<double> v{1380, 1420, 1467, 1502, 2950, 5002};
  Histogram h = build_histogram(v, *parse_bin_width("500"));
  EXPECT_DOUBLE_EQ(h.edges.front(), 1000);
  EXPECT_DOUBLE_EQ(h.edges.back(), 5500);
  EXPECT_EQ(h.counts.size(), 9u);
  EXPECT_EQ(h.counts[0], 3u);  // [1000,1500)
  EXPECT_EQ(h.counts[1], 1u);  // [1500,2000): 1502
  EXPECT_EQ(h.counts[3], 1u);  // [2500,3000): 2950
  EXPECT_EQ(h.counts[8], 1u);  // [5000,5500]: 5002
}

// Python: math.floor(92.71 / 0.635) * 0.635 == 92.71000000000001 > 92.71, so the aligned first
// edge lies one ulp above the minimum; it must still land in the first bin (UBSan caught -1).
TEST(StatsHistogram, AMinimumJustBelowItsRoundedEdgeIsInTheFirstBin) {
  const std::vector<double> v{92.71, 93.0, 93.4};
  const Histogram h = build_histogram(v, *parse_bin_width("0.635"));
  EXPECT_LE(h.edges.front(), 92.71);
  ASSERT_EQ(h.counts.size(), 2u);  // [92.71, 93.345): 92.71, 93.0  [93.345, 93.98]: 93.4
  EXPECT_EQ(h.counts[0], 2u);
  EXPECT_EQ(h.counts[1], 1u);
}

TEST(StatsHistogram, AutomaticBinsCoverEveryValueWithNiceEdges) {
  std::vector<double> v;
  for (int i = 0; i < 1000; ++i) v.push_back(10.0 + (i % 97) * 0.37);
  std::sort(v.begin(), v.end());
  Histogram h = build_histogram(v, HistogramSpec{});
  EXPECT_EQ(std::accumulate(h.counts.begin(), h.counts.end(), std::uint64_t{0}), 1000u);
  EXPECT_LE(h.edges.front(), v.front());
  EXPECT_GE(h.edges.back(), v.back());
  EXPECT_LE(h.counts.size(), 200u);
  double width = h.edges[1] - h.edges[0];
  double mantissa = width / std::pow(10.0, std::floor(std::log10(width)));
  EXPECT_TRUE(std::fabs(mantissa - 1) < 1e-9 || std::fabs(mantissa - 2) < 1e-9 ||
              std::fabs(mantissa - 5) < 1e-9) << width;
}

TEST(StatsHistogram, EqualValuesMakeOneBin) {
  Histogram h = build_histogram({7.5, 7.5, 7.5}, HistogramSpec{});
  ASSERT_EQ(h.counts.size(), 1u);
  EXPECT_EQ(h.counts[0], 3u);
}

TEST(StatsHistogram, BadBucketsNameTheOptionAndToken) {
  auto r = parse_buckets("0,500,abc");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("abc"), std::string::npos);
  EXPECT_FALSE(parse_buckets("0,500,400").ok());
  EXPECT_FALSE(parse_buckets("5").ok());
  EXPECT_FALSE(parse_buckets("").ok());
  EXPECT_FALSE(parse_bin_width("0").ok());
  EXPECT_FALSE(parse_bin_width("-3").ok());
}

TEST(StatsHistogram, TooSmallWidthIsRejectedNotAllocated) {
  EXPECT_THROW(build_histogram({0, 1e9}, *parse_bin_width("0.001")), latbench::Error);
}

// The bins are counted run by run on the sorted values (galloping): the counts must equal a
// plain pass that puts every value in bin floor((v - lo) / width), on data with long runs of
// equal values, values exactly on edges, single-value bins and a last value on the top edge.
TEST(StatsHistogram, RunCountingEqualsAPassOverEveryValue) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> v;
    const std::size_t n = 1 + rng() % 5000;
    for (std::size_t i = 0; i < n; ++i) {
      switch (rng() % 3) {
        case 0: v.push_back(static_cast<double>(rng() % 40) * 2.5); break;  // on 2.5-wide edges
        case 1: v.push_back(static_cast<double>(rng() % 1000) / 10.0); break;  // 0.1 ms resolution
        default: v.push_back(std::ldexp(static_cast<double>(rng() >> 11), -53) * 100.0); break;
      }
    }
    std::sort(v.begin(), v.end());
    for (double width : {2.5, 0.1, 7.0, 1000.0}) {
      HistogramSpec spec;
      spec.kind = HistogramSpec::Kind::width;
      spec.width = width;
      const Histogram h = build_histogram(v, spec);
      std::vector<std::uint64_t> expected(h.counts.size(), 0);
      const double lo = h.edges.front();
      for (double x : v) {
        auto i = static_cast<std::size_t>(std::floor((x - lo) / width));
        ++expected[std::min(i, expected.size() - 1)];
      }
      ASSERT_EQ(h.counts, expected) << "trial " << trial << " width " << width;
    }
  }
}
