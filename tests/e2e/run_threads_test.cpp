// `latbench run --threads N` (issue 18): the devices spread over N event loops. Against a server
// we did not write (Python's http.server, tests/fixtures/phases/slow_peer.py, which logs each
// upload's X-Device-Id), every device sends its share and nothing else: the peer saw each device
// the same number of times, the samples' sequence numbers are 0..n-1 once each, and the summary
// says what each thread did. Asking for more threads than devices is a usage error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/test_files.hpp"
#include "common/test_paths.hpp"
#include "process.hpp"
#include "serve_process.hpp"

using latbench::test::announced_port;
using latbench::test::BackgroundProcess;
using latbench::test::make_temp_dir;
using latbench::test::non_empty_lines;
using latbench::test::run_latbench;

namespace {

nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(latbench::test::slurp(path)); }

}  // namespace

TEST(RunThreads, TwoThreadsDriveEveryDeviceOfAPeerWeDidNotWrite) {
  const std::string dir = make_temp_dir();
  const std::string log = dir + "/peer.log";
  BackgroundProcess peer("python3", {latbench::test::fixtures_dir() + "/phases/slow_peer.py",
                                     "--sleep-ms", "2", "--log", log});
  ASSERT_TRUE(peer.read_until("listening on", std::chrono::seconds(10))) << peer.output();
  const int port = announced_port(peer.output());
  ASSERT_GT(port, 0) << peer.output();
  auto r = run_latbench({"run", "--url", "http://127.0.0.1:" + std::to_string(port) + "/upload", "--threads", "2",
                         "--devices", "4", "--requests", "36", "--warmup", "4", "--connection", "persistent",
                         "--out", dir + "/run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("latbench itself: 2 threads, start lag"), std::string::npos) << r.out;

  // 40 uploads: 10 per device (request k to device k mod 4), each device on one thread.
  std::map<std::string, int> per_device;
  for (const auto& line : non_empty_lines(log)) ++per_device[line.substr(line.rfind(' ') + 1)];
  ASSERT_EQ(per_device.size(), 4u);
  for (int d = 0; d < 4; ++d) EXPECT_EQ(per_device["latbench-" + std::to_string(d)], 10) << "device " << d;

  std::set<std::uint64_t> seqs;
  int warm = 0;
  for (const auto& line : non_empty_lines(dir + "/run/samples.jsonl")) {
    auto s = nlohmann::json::parse(line);
    EXPECT_EQ(s["status"], 200) << line;
    seqs.insert(s["seq"].get<std::uint64_t>());
    warm += s.value("warmup", false) ? 1 : 0;
  }
  EXPECT_EQ(seqs.size(), 40u);
  EXPECT_EQ(*seqs.rbegin(), 39u);
  EXPECT_EQ(warm, 4);

  auto summary = read_json(dir + "/run/summary.json");
  EXPECT_EQ(summary["run"]["threads"], 2) << summary["run"].dump();
  ASSERT_EQ(summary["run"]["per_thread"].size(), 2u) << summary["run"].dump();
  std::uint64_t sent = 0;
  for (const auto& t : summary["run"]["per_thread"]) {
    EXPECT_EQ(t["devices"], 2) << t.dump();
    sent += t["sent"].get<std::uint64_t>();
  }
  EXPECT_EQ(sent, 40u);
  EXPECT_EQ(summary["run"]["requests"]["measured"], 36);
}

TEST(RunThreads, MoreThreadsThanDevicesIsRefusedWithExitTwo) {
  const std::string dir = make_temp_dir();
  auto r = run_latbench({"run", "--threads", "3", "--devices", "2", "--requests", "4", "--infer", "0ms",
                         "--out", dir + "/run"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--threads: 3 threads for 2 devices"), std::string::npos) << r.err;
}

TEST(RunThreads, WebSocketFramesOnTwoThreadsAgainstTheEmbeddedServer) {
  const std::string dir = make_temp_dir();
  auto r = run_latbench({"run", "--url", "ws://", "--threads", "2", "--devices", "2", "--requests", "20", "--infer",
                         "1ms", "--out", dir + "/run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto summary = read_json(dir + "/run/summary.json");
  EXPECT_EQ(summary["run"]["threads"], 2) << summary["run"].dump();
  EXPECT_EQ(summary["run"]["requests"]["ok"], 20) << summary["run"].dump();
  // One session per device, counted by the transport of each thread and added up.
  EXPECT_EQ(summary["run"]["frames"]["sessions"], 2) << summary["run"].dump();
  std::set<std::uint64_t> frame_ids;
  for (const auto& line : non_empty_lines(dir + "/run/samples.jsonl")) {
    auto s = nlohmann::json::parse(line);
    frame_ids.insert(s["seq"].get<std::uint64_t>());
  }
  EXPECT_EQ(frame_ids.size(), 20u);
}

TEST(RunThreads, ViewersRefuseThreads) {
  const std::string dir = make_temp_dir();
  auto r = run_latbench({"run", "--url", "ws://", "--direction", "down", "--threads", "2", "--devices", "2",
                         "--duration", "1s", "--out", dir + "/run"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--threads: applies to direction up"), std::string::npos) << r.err;
}
