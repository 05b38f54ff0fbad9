#include "core/compact_column.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

using latbench::CompactColumn;

namespace {

// Bit-for-bit: -0.0 must not come back as 0.0, NaN must come back as the same NaN.
void expect_identical(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a[i]), std::bit_cast<std::uint64_t>(b[i]))
        << "value " << i << ": " << a[i] << " vs " << b[i];
  }
}

std::size_t bytes_for(double v) {
  CompactColumn c;
  c.push_back(v);
  return c.bytes_used();
}

}  // namespace

TEST(CoreCompactColumn, WholeMicrosecondsAndNanosecondsTakeAFewBytes) {
  // Sizes by hand: a varint of (count << 3 | tag), 7 bits per byte.
  EXPECT_EQ(bytes_for(0.0), 1u);              // 0 us
  EXPECT_EQ(bytes_for(5 / 1000.0), 1u);       // 5 us: 40 < 128
  EXPECT_EQ(bytes_for(87 / 1000.0), 2u);      // 87 us: 696 < 16384
  EXPECT_EQ(bytes_for(42500 / 1000.0), 3u);   // 42.5 ms: 340000 < 2^21
  EXPECT_EQ(bytes_for(25341 / 1e6), 3u);      // 25341 ns (not whole us): 202729 < 2^21
  EXPECT_EQ(bytes_for(-87 / 1000.0), 2u);     // negative: own tag
}

TEST(CoreCompactColumn, OtherValuesKeepTheirEightBytes) {
  EXPECT_EQ(bytes_for(1.0 / 3.0), 9u);
  EXPECT_EQ(bytes_for(-0.0), 9u);
  EXPECT_EQ(bytes_for(std::numeric_limits<double>::quiet_NaN()), 9u);
  EXPECT_EQ(bytes_for(std::numeric_limits<double>::infinity()), 9u);
  EXPECT_EQ(bytes_for(1e300), 9u);
}

TEST(CoreCompactColumn, GivesBackEveryValueBitForBitInOrder) {
  std::vector<double> in = {0.0, -0.0, 0.087, -0.087, 0.025341, 1.0 / 3.0, 153.0, 5000.5,
                            0.087 - 0.007, std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity(), 1e-9, 9e12, 2.5e-310};
  CompactColumn c;
  for (double v : in) c.push_back(v);
  EXPECT_EQ(c.size(), in.size());
  expect_identical(c.values(), in);
}

TEST(CoreCompactColumn, SpansManyChunks) {
  // 300k values, a third of them 9 bytes raw: several 64 KiB chunks, values at every boundary.
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> us(0, 10'000'000);
  std::uniform_real_distribution<double> any(-1e6, 1e6);
  std::vector<double> in;
  for (int i = 0; i < 300000; ++i) {
    switch (i % 3) {
      case 0: in.push_back(static_cast<double>(us(rng)) / 1000.0); break;
      case 1: in.push_back(static_cast<double>(us(rng)) / 1e6); break;
      default: in.push_back(any(rng)); break;
    }
  }
  CompactColumn c;
  for (double v : in) c.push_back(v);
  EXPECT_GT(c.bytes_reserved(), 64u * 1024u * 4u);
  EXPECT_LT(c.bytes_used(), in.size() * sizeof(double));
  expect_identical(c.values(), in);
}
