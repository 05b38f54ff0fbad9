// `latbench run --url` against a server we did not write (Python's http.server, in
// tests/fixtures/phases/slow_peer.py): no Expect header unless --expect-continue, ttfb past the
// peer's 40 ms with an HD frame either way, and a server that sends only a Server-Timing total
// still gets network_overhead = total - its total.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "process.hpp"
#include "serve_process.hpp"
#include "common/test_files.hpp"
#include "common/test_paths.hpp"

using latbench::test::announced_port;
using latbench::test::BackgroundProcess;
using latbench::test::make_temp_dir;
using latbench::test::non_empty_lines;
using latbench::test::run_latbench;

namespace {

struct PeerRun {
  std::vector<nlohmann::json> samples;
  std::vector<std::string> seen;  // "<Expect header or -> <body bytes>", one per upload
};

PeerRun run_against_peer(const std::vector<std::string>& extra) {
  const std::string dir = make_temp_dir();
  const std::string log = dir + "/peer.log";
  BackgroundProcess peer("python3", {latbench::test::fixtures_dir() + "/phases/slow_peer.py",
                                     "--sleep-ms", "40", "--log", log});
  EXPECT_TRUE(peer.read_until("listening on", std::chrono::seconds(10))) << peer.output();
  const int port = announced_port(peer.output());
  EXPECT_GT(port, 0) << peer.output();
  std::vector<std::string> args = {"run", "--url", "http://127.0.0.1:" + std::to_string(port) + "/upload",
                                   "--image", "hd", "--connection", "persistent", "--requests", "3",
                                   "--quiet", "--out", dir + "/run"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_latbench(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  PeerRun out;
  for (const auto& line : non_empty_lines(dir + "/run/samples.jsonl")) out.samples.push_back(nlohmann::json::parse(line));
  out.seen = non_empty_lines(log);
  return out;
}

void expect_phases(const PeerRun& run) {
  ASSERT_EQ(run.samples.size(), 3u);
  for (const auto& s : run.samples) {
    ASSERT_EQ(s["status"], 200) << s.dump();
    EXPECT_GT(s["bytes_up"].get<double>(), 64 * 1024) << s.dump();
    ASSERT_TRUE(s.contains("ttfb_ms")) << s.dump();
    EXPECT_GE(s["ttfb_ms"].get<double>(), 40.0) << s.dump();
    // Only a total, no recv: processing is that total.
    ASSERT_TRUE(s.contains("network_overhead_ms")) << s.dump();
    EXPECT_NEAR(s["network_overhead_ms"].get<double>(),
                s["total_ms"].get<double>() - s["server"]["total"].get<double>(), 0.002) << s.dump();
  }
}

}  // namespace

TEST(RunPhasesPeer, NoExpectHeaderByDefaultAndTtfbPastThePeersSleep) {
  auto run = run_against_peer({});
  expect_phases(run);
  ASSERT_EQ(run.seen.size(), 3u);
  for (const auto& line : run.seen) EXPECT_EQ(line.substr(0, 2), "- ") << line;
}

TEST(RunPhasesPeer, ExpectContinueIsSentWhenAskedAndTtfbStillPastThePeersSleep) {
  auto run = run_against_peer({"--expect-continue"});
  expect_phases(run);
  ASSERT_EQ(run.seen.size(), 3u);
  for (const auto& line : run.seen) EXPECT_EQ(line.substr(0, 13), "100-continue ") << line;
}
