#include <gtest/gtest.h>

#include "core/text.hpp"

using latbench::counted;
using latbench::trim_blanks;

TEST(CoreText, TrimBlanksDropsSpacesAndTabsAtBothEndsOnly) {
  EXPECT_EQ(trim_blanks(" \t a b \t"), "a b");
  EXPECT_EQ(trim_blanks("   "), "");
  EXPECT_EQ(trim_blanks(""), "");
}

TEST(CoreText, CountedTakesAnSUnlessOne) {
  EXPECT_EQ(counted(0, "stall"), "0 stalls");
  EXPECT_EQ(counted(1, "stall"), "1 stall");
  EXPECT_EQ(counted(2, "server record"), "2 server records");
}

TEST(CoreText, NocaseComparisonsFoldAsciiLettersOnly) {
  EXPECT_TRUE(latbench::starts_with_nocase("Content-Length: 5", "content-length:"));
  EXPECT_FALSE(latbench::starts_with_nocase("Content", "content-length"));
  EXPECT_TRUE(latbench::equals_nocase(".JPEG", ".jpeg"));
  EXPECT_TRUE(latbench::equals_nocase(".Yml", ".yml"));
  EXPECT_FALSE(latbench::equals_nocase(".jpeg", ".jpg"));
  EXPECT_FALSE(latbench::equals_nocase(".jpg", ".jpeg"));
  // Only A-Z fold: '[' (0x5B) is not '{' (0x7B), though they are 0x20 apart as 'A' and 'a' are.
  EXPECT_FALSE(latbench::equals_nocase("[", "{"));
}
