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
