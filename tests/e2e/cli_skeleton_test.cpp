#include <gtest/gtest.h>

#include "process.hpp"

using latbench::test::run_latbench;

TEST(CliSkeleton, VersionPrintsAndExitsZero) {
  auto r = run_latbench({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("latbench"), std::string::npos);
}

TEST(CliSkeleton, UnknownOptionIsOneLineErrorExit2) {
  auto r = run_latbench({"run", "--no-such-option"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--no-such-option"), std::string::npos) << r.err;
}

TEST(CliSkeleton, MissingSubcommandIsUsageError) {
  auto r = run_latbench({});
  EXPECT_EQ(r.exit_code, 2);
}
