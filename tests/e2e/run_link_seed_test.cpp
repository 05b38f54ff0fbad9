// Issue 12 item 1: the link's draws come from a seed that is fresh per run unless given, written
// into the run folder, and given back replays the run; compare gives every round its own seed;
// a preset takes overrides; errors name --link once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "process.hpp"
#include "common/test_files.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

using latbench::test::slurp;

namespace {

// 85 ms +- 80 ms each way: two independent runs' round trips differ by (j1 + j2) - (j3 + j4), of
// SD 2 x 80 / sqrt(3) = 92 ms, so an upload's link times agree within 12 ms by chance with
// probability ~0.10: ~1.7 of 16 uploads, and 7 or more with probability ~5e-4. A replay draws the
// same delays and differs by the machine's noise (timer wake-ups, 2-10 ms per upload), except
// where the bytes fall on other segments than in the run: the answers' lengths vary by a few
// bytes (Server-Timing's digits), so a later answer can cross a 1460-byte boundary in one run and
// not in the other, and take another segment's draw. Alone on the machine 16 of 16 agreed in
// three tries; beside CPU-heavy tests only 3-5 did (Pearson's r 0.66), so it runs alone. The
// server's own time is taken out: link time = total - server total.
const std::string k_link = "delay=85ms,jitter=80ms";

std::vector<std::string> run_args(const std::string& link, const fs::path& out) {
  return {"run", "--link", link, "--connection", "persistent", "--requests", "16", "--image", "160x120",
          "--infer", "1ms", "--quiet", "--out", out.string()};
}

// Per upload: total - the server's own total (what the link and the client took).
std::vector<double> link_times(const fs::path& run) {
  std::ifstream in(run / "samples.jsonl");
  std::vector<double> out;
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    if (!j.value("warmup", false)) out.push_back(j.at("total_ms").get<double>() - j.at("server").at("total").get<double>());
  }
  return out;
}

std::vector<double> abs_diffs(const fs::path& a, const fs::path& b) {
  const auto x = link_times(a), y = link_times(b);
  EXPECT_EQ(x.size(), y.size());
  std::vector<double> out;
  for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) out.push_back(std::abs(x[i] - y[i]));
  if (out.empty()) out.push_back(1e9);
  return out;
}

// How many uploads' link times agree within 12 ms between the two runs.
int agreeing(const fs::path& a, const fs::path& b) {
  int n = 0;
  for (double d : abs_diffs(a, b)) n += d < 12.0;
  return n;
}

nlohmann::json summary_link(const fs::path& run) {
  std::ifstream in(run / "summary.json");
  return nlohmann::json::parse(in).at("run").at("link");
}

}  // namespace

TEST(RunLinkSeed, TwoRunsDrawFreshSeedsAndTheFolderReplaysARun) {
  // ctest runs this alone (RunLinkSeed.ReplayAlone in tests/CMakeLists.txt).
  if (!std::getenv("LATBENCH_TEST_ALONE")) GTEST_SKIP() << "runs alone as RunLinkSeed.ReplayAlone";
  const fs::path dir = make_temp_dir("latbench-link-seed");
  ASSERT_EQ(run_latbench(run_args(k_link, dir / "a")).exit_code, 0);
  ASSERT_EQ(run_latbench(run_args(k_link, dir / "b")).exit_code, 0);
  const auto a = summary_link(dir / "a"), b = summary_link(dir / "b");
  ASSERT_TRUE(a.contains("seed")) << a.dump();
  EXPECT_NE(a.at("seed"), b.at("seed"));
  const std::string replay = a.at("replay");
  EXPECT_EQ(replay, k_link + ",seed=" + std::to_string(a.at("seed").get<std::uint64_t>()));
  EXPECT_THAT(a.at("spec").get<std::string>(), HasSubstr("seed="));
  EXPECT_THAT(slurp(dir / "a" / "profile.yaml"), HasSubstr("link: " + replay));
  // Different seeds: different delays (before issue 12 both runs used seed 1 and agreed).
  EXPECT_LE(agreeing(dir / "a", dir / "b"), 6);

  // The folder's profile.yaml replays run a's draws; so does its seed given back.
  ASSERT_EQ(run_latbench({"run", (dir / "a" / "profile.yaml").string(), "--quiet", "--out", (dir / "c").string()})
                .exit_code, 0);
  ASSERT_EQ(run_latbench(run_args(replay, dir / "d")).exit_code, 0);
  EXPECT_EQ(summary_link(dir / "c").at("seed"), a.at("seed"));
  for (const char* replay_dir : {"c", "d"}) {
    EXPECT_GE(agreeing(dir / "a", dir / replay_dir), 10) << replay_dir;
  }
}

TEST(RunLinkSeed, APresetTakesOverridesAndTheSeedGivenIsTheSeedUsed) {
  const fs::path dir = make_temp_dir("latbench-link-preset");
  auto r = run_latbench({"run", "--link", "wifi,seed=7,delay=10ms", "--requests", "2", "--image", "160x120",
                         "--quiet", "--out", (dir / "run").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto link = summary_link(dir / "run");
  EXPECT_EQ(link.at("seed"), 7);
  EXPECT_EQ(link.at("replay"), "wifi,delay=10ms,seed=7");
  EXPECT_THAT(link.at("spec").get<std::string>(), HasSubstr("wifi: delay=10.0ms,jitter=2.00ms,up=40mbit"));
}

TEST(RunLinkSeed, ABadOverrideNamesTheOptionOnceAndExits2) {
  const fs::path dir = make_temp_dir("latbench-link-bad");
  auto r = run_latbench({"run", "--link", "wifi-poor,delay", "--requests", "1", "--out", (dir / "run").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--link: 'delay' is not key=value"));
  EXPECT_EQ(r.err.find("--link: --link"), std::string::npos) << r.err;

  // A profile's link is checked where it is written: file and line.
  const fs::path profile = dir / "p.yaml";
  std::ofstream(profile) << "requests: 1\nlink: wifi,jitter=lots\n";
  r = run_latbench({"run", profile.string(), "--out", (dir / "run2").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr(profile.string() + ":2:7: key 'link' jitter: "));
}

TEST(RunLinkSeed, CompareGivesEveryRoundItsOwnSeedAndRecordsIt) {
  const fs::path dir = make_temp_dir("latbench-link-rounds");
  for (const char* name : {"a", "b"})
    std::ofstream(dir / (std::string(name) + ".yaml")) << "name: " << name << "\nrequests: 2\nimage: 160x120\n";
  auto seed_of = [](const fs::path& run) { return summary_link(run).at("seed").get<std::uint64_t>(); };
  auto compare = [&](const std::string& link, const fs::path& out) {
    return run_latbench({"compare", (dir / "a.yaml").string(), (dir / "b.yaml").string(), "--link", link,
                         "--rounds", "3", "--metrics", "p50", "--out", out.string()},
                        std::chrono::seconds(120));
  };
  auto r = compare("delay=1ms,jitter=1ms", dir / "runs");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("link seed "));
  std::set<std::uint64_t> seeds;
  for (int round = 1; round <= 3; ++round) {
    const std::string folder = "round-0" + std::to_string(round);
    const auto s = seed_of(dir / "runs" / "a" / folder);
    EXPECT_EQ(seed_of(dir / "runs" / "b" / folder), s);  // both profiles of a round face the same draws
    EXPECT_THAT(slurp(dir / "runs" / "a" / folder / "profile.yaml"), HasSubstr("seed=" + std::to_string(s)));
    seeds.insert(s);
  }
  EXPECT_EQ(seeds.size(), 3u);  // today every round replays the same draws

  // A seed in the link is the base of the rounds' seeds: the same comparison twice, same seeds.
  for (const char* out : {"x", "y"}) {
    const auto again = compare("delay=1ms,seed=11", dir / out);
    ASSERT_EQ(again.exit_code, 0) << again.err;
  }
  for (const char* folder : {"round-01", "round-02", "round-03"})
    EXPECT_EQ(seed_of(dir / "x" / "b" / folder), seed_of(dir / "y" / "b" / folder));
  EXPECT_NE(seed_of(dir / "x" / "a" / "round-01"), seed_of(dir / "x" / "a" / "round-02"));
}
