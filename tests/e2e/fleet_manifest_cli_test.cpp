// `latbench fleet manifest`: the Job on stdout parses as YAML with the run arguments after '--'
// and the shard's own, the commands on stderr; run arguments the manifest owns, or a bad flag,
// exit 2 naming them. (The Job field by field: tests/unit/fleet_manifest_test.cpp.)
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "process.hpp"

using latbench::test::run_latbench;

TEST(FleetManifestCli, PrintsTheJobOnStdoutAndTheCommandsOnStderr) {
  auto r = run_latbench({"fleet", "manifest", "--shards", "3", "--image", "reg/latbench:1", "--namespace", "load",
                         "--", "--devices", "30", "--rate", "1/s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const YAML::Node job = YAML::Load(r.out);
  EXPECT_EQ(job["spec"]["completions"].as<int>(), 3);
  const auto args = job["spec"]["template"]["spec"]["containers"][0]["args"].as<std::vector<std::string>>();
  ASSERT_GE(args.size(), 7u);
  EXPECT_EQ(std::vector<std::string>(args.begin(), args.begin() + 5),
            (std::vector<std::string>{"run", "--devices", "30", "--rate", "1/s"}));
  EXPECT_EQ(args[5], "--shard");
  EXPECT_EQ(args[6], "auto/3");
  EXPECT_NE(r.err.find("kubectl -n load wait --for=condition=complete job/latbench-fleet"), std::string::npos) << r.err;
}

TEST(FleetManifestCli, OptionsTheManifestOwnsAndBadValuesExitTwoNamingThem) {
  auto owned = run_latbench({"fleet", "manifest", "--shards", "3", "--image", "x", "--", "--out", "y"});
  EXPECT_EQ(owned.exit_code, 2);
  EXPECT_NE(owned.err.find("--out is set by the manifest"), std::string::npos) << owned.err;
  auto shards = run_latbench({"fleet", "manifest", "--shards", "0", "--image", "x"});
  EXPECT_EQ(shards.exit_code, 2);
  EXPECT_NE(shards.err.find("--shards"), std::string::npos) << shards.err;
  auto name = run_latbench({"fleet", "manifest", "--shards", "2", "--image", "x", "--name", "Bad_Name"});
  EXPECT_EQ(name.exit_code, 2);
  EXPECT_NE(name.err.find("--name: expected lower-case letters"), std::string::npos) << name.err;
  auto typo = run_latbench({"fleet", "manifest", "--shards", "2", "--imag", "x"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("did you mean '--image'"), std::string::npos) << typo.err;
}
