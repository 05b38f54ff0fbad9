// compare with profiles (latbench runs them, interleaved in rounds) and run --gate-against, on
// the embedded server over loopback, as issue 7's classic experiment does it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process.hpp"
#include "common/test_paths.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

const std::string k_profiles = latbench::test::source_dir() + "/profiles/";

// A closed-loop profile with a fixed 20 ms model time, new connection per upload or keep-alive.
fs::path write_profile(const fs::path& dir, const std::string& name, const std::string& connection) {
  const fs::path path = dir / (name + ".yaml");
  std::ofstream(path) << "name: " << name << "\nconnection: " << connection
                      << "\nrequests: 8\nwarmup: 1\nserver:\n  infer: 20ms\n";
  return path;
}

}  // namespace

// The handshake round trip of a new connection (2 x 15 ms here) is what keep-alive saves; per
// round medians over 5 rounds make it significant (exact Mann-Whitney p = 2/252 for 5 vs 5).
TEST(CompareProfiles, KeepAliveIsFasterOverALinkWithRoundsInterleaved) {
  const fs::path dir = make_temp_dir("latbench-compare-profiles");
  const fs::path base = write_profile(dir, "fresh", "new");
  const fs::path keep = write_profile(dir, "kept", "persistent");
  const auto r = run_latbench({"compare", base.string(), keep.string(), "--link", "delay=15ms", "--rounds", "5",
                               "--metrics", "p50", "--out", (dir / "runs").string(), "--export-json",
                               (dir / "cmp.json").string()},
                              std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_THAT(r.out, HasSubstr("[rounds]"));
  // Interleaved: fresh, kept, fresh, kept, ...
  const std::size_t f1 = r.err.find("round 1/5  fresh"), k1 = r.err.find("round 1/5  kept"),
                    f2 = r.err.find("round 2/5  fresh");
  ASSERT_NE(f1, std::string::npos) << r.err;
  EXPECT_LT(f1, k1);
  EXPECT_LT(k1, f2);
  for (const char* profile : {"fresh", "kept"}) {
    for (int round = 1; round <= 5; ++round) {
      const fs::path samples = dir / "runs" / profile / ("round-0" + std::to_string(round)) / "samples.jsonl";
      EXPECT_TRUE(fs::exists(samples)) << samples;
    }
  }
  std::ifstream in(dir / "cmp.json");
  const auto j = nlohmann::json::parse(in);
  const auto& p50 = j.at("comparisons").at(0).at("metrics").at(0);
  EXPECT_EQ(p50.at("metric"), "p50");
  EXPECT_EQ(p50.at("verdict"), "faster") << p50.dump();
  // The saving is one round trip of 30 ms on a ~50 ms upload (+20 ms model, +15 ms one way
  // each direction): well over 20 %, and a new connection cannot save anything.
  EXPECT_LT(p50.at("change").get<double>(), -20.0) << p50.dump();
  fs::remove_all(dir);
}

TEST(CompareProfiles, MixingProfilesAndRecordingsOrProfileFlagsOnRecordingsExitTwo) {
  const fs::path dir = make_temp_dir("latbench-compare-profiles");
  const fs::path samples = dir / "a.jsonl";
  std::ofstream(samples) << "{}\n";
  auto r = run_latbench({"compare", samples.string(), k_profiles + "keepalive.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("only profiles"));
  r = run_latbench({"compare", samples.string(), samples.string(), "--rounds", "3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--rounds"));
  fs::remove_all(dir);
}

TEST(CompareProfiles, BadProfileFailsBeforeAnythingRuns) {
  const fs::path dir = make_temp_dir("latbench-compare-profiles");
  const fs::path bad = dir / "bad.yaml";
  std::ofstream(bad) << "conection: new\n";
  const auto r = run_latbench({"compare", k_profiles + "keepalive.yaml", bad.string(), "--out",
                               (dir / "runs").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.yaml:1:1"));
  EXPECT_THAT(r.err, HasSubstr("did you mean 'connection'"));
  EXPECT_FALSE(fs::exists(dir / "runs"));
  fs::remove_all(dir);
}

TEST(RunGate, PassesWithinBudgetAndFailsOnAnAbsoluteLimit) {
  const fs::path dir = make_temp_dir("latbench-run-gate");
  auto r = run_latbench({"run", "--requests", "40", "--connection", "persistent", "--out", (dir / "base").string(), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string base = (dir / "base" / "samples.jsonl").string();
  r = run_latbench({"run", "--requests", "40", "--connection", "persistent", "--out", (dir / "same").string(),
                    "--gate-against", base, "--max", "p50=+200%", "--junit", (dir / "gate.xml").string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("p50"));
  EXPECT_TRUE(fs::exists(dir / "gate.xml"));
  // Every upload takes more than a microsecond: the limit is broken beyond any doubt.
  r = run_latbench({"run", "--requests", "40", "--connection", "persistent", "--out", (dir / "slow").string(),
                    "--gate-against", base, "--max", "p50<0.001ms"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  fs::remove_all(dir);
}

TEST(RunGate, BudgetProblemsFailBeforeTheRun) {
  const fs::path dir = make_temp_dir("latbench-run-gate");
  auto r = run_latbench({"run", "--requests", "5", "--out", (dir / "a").string(), "--max", "p50=+5%"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--gate-against"));
  r = run_latbench({"run", "--requests", "5", "--out", (dir / "b").string(), "--gate-against",
                    (dir / "missing.jsonl").string(), "--max", "p50=+5%"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("missing.jsonl"));
  const fs::path base = dir / "base.jsonl";
  std::ofstream(base) << "{}\n";
  r = run_latbench({"run", "--requests", "5", "--out", (dir / "c").string(), "--gate-against", base.string(), "--max",
                    "p95=10"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--max"));
  for (const char* out : {"a", "b", "c"}) EXPECT_FALSE(fs::exists(dir / out / "samples.jsonl")) << out;
  fs::remove_all(dir);
}
