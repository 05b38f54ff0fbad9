// scan_number's fast path for short decimals must give the very double std::from_chars gives
// (the independent reference here), and leave the rest to it.
#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <random>
#include <string>

#include "logs/scan.hpp"

using namespace latbench::logs;

namespace {
double reference(const std::string& s) {
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}
}  // namespace

TEST(LogsScan, ShortDecimalsEqualFromChars) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 200000; ++i) {
    const int int_digits = 1 + static_cast<int>(rng() % 9), frac_digits = 1 + static_cast<int>(rng() % 8);
    std::string s;
    for (int d = 0; d < int_digits; ++d) s += static_cast<char>('0' + rng() % 10);
    s += '.';
    for (int d = 0; d < frac_digits; ++d) s += static_cast<char>('0' + rng() % 10);
    const std::string owner = s + "ms";
    std::string_view text = owner;
    double v = -1;
    ASSERT_EQ(scan_number(text, v), NumberStatus::ok) << s;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(v), std::bit_cast<std::uint64_t>(reference(s))) << s;
    ASSERT_EQ(text, "ms") << s;
  }
}

TEST(LogsScan, LongOrExponentNumbersStillParse) {
  for (std::string s : {"0.1234567890123456789", "12345678901234567.5", "1.5e3", "2.", "-3.25", "1e999", "42"}) {
    std::string_view text = s;
    double v = 0;
    const NumberStatus status = scan_number(text, v);
    if (s == "1e999") {
      EXPECT_EQ(status, NumberStatus::out_of_range);
      continue;
    }
    ASSERT_EQ(status, NumberStatus::ok) << s;
    EXPECT_EQ(v, reference(s)) << s;
    EXPECT_TRUE(text.empty()) << s;
  }
}
