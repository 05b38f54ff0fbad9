// A Kubernetes Indexed Job simulated on this machine (issue 19): four `latbench run --shard auto/4`
// processes with JOB_COMPLETION_INDEX=0..3 and one --start-at, against one `latbench serve` on
// loopback, merged; the merged run is the single-process run's workload (devices, requests, rate,
// profile), and its statistics equal tests/fixtures/shard/union_stats.py's over the union of the
// four samples files. Then compare, gate, plot and analyze take the merged folder as any run.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/test_files.hpp"
#include "process.hpp"
#include "report/plot_gnuplot.hpp"
#include "serve_process.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using latbench::test::run_latbench;
using latbench::test::run_process;
using latbench::test::slurp;
using nlohmann::json;

namespace {

// The workload of every process here: 10 devices at 10/s, 203 requests, 6 warm-up requests.
const std::vector<std::string> k_workload = {"--devices", "10", "--requests", "203", "--warmup", "6",
                                             "--rate", "10/s", "--timeout", "2s", "--quiet"};

json read_json(const fs::path& path) { return json::parse(slurp(path)); }

const json& total_series(const json& summary) {
  for (const auto& s : summary["series"])
    if (s["name"] == "total") return s;
  throw std::runtime_error("no total series");
}

std::string epoch_in(std::chrono::milliseconds ahead) {
  const auto at = std::chrono::system_clock::now() + ahead;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  return fmt::format("{}.{:03}", ms / 1000, ms % 1000);
}

class RunShard : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = latbench::test::make_temp_dir("latbench-shard");
    m_server = std::make_unique<latbench::test::BackgroundProcess>(
        std::vector<std::string>{"serve", "--port", "0", "--infer", "2ms", "--workers", "4"});
    ASSERT_TRUE(m_server->read_until("CTRL+C", 10s)) << m_server->output();
    const int port = latbench::test::announced_port(m_server->output());
    ASSERT_GT(port, 0);
    m_url = fmt::format("http://127.0.0.1:{}/api/devices/file/image", port);
  }
  void TearDown() override {
    if (m_server) m_server->stop(SIGTERM, 10s);
  }

  // Shard `index` of 4 as a pod runs it: the index in JOB_COMPLETION_INDEX, `--shard auto/4`.
  latbench::test::ProcessResult run_pod(unsigned index, const std::string& start_at) {
    std::vector<std::string> argv = {"/usr/bin/env", fmt::format("JOB_COMPLETION_INDEX={}", index),
                                     latbench::test::latbench_binary(), "run", "--url", m_url, "--shard", "auto/4",
                                     "--start-at", start_at, "--out", shard_dir(index).string()};
    argv.insert(argv.end(), k_workload.begin(), k_workload.end());
    return run_process(argv, 90s);
  }
  fs::path shard_dir(unsigned i) const { return m_dir / fmt::format("shard-{}", i); }

  fs::path m_dir;
  std::string m_url;
  std::unique_ptr<latbench::test::BackgroundProcess> m_server;
};

}  // namespace

TEST_F(RunShard, FourPodsMergedAreTheSingleRunsWorkloadAndTheirSamplesStatistics) {
  // Every pod gets the same instant, three seconds ahead: four processes start meanwhile, and
  // under ASan beside another test on 2 cores 1.5 s was not always enough (3 pods 81-156 ms late).
  const std::string start_at = epoch_in(3000ms);
  std::vector<latbench::test::ProcessResult> pods(4);
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < 4; ++i) threads.emplace_back([&, i] { pods[i] = run_pod(i, start_at); });
  for (auto& t : threads) t.join();
  for (unsigned i = 0; i < 4; ++i) ASSERT_EQ(pods[i].exit_code, 0) << "shard " << i << ": " << pods[i].err;

  const fs::path merged = m_dir / "merged";
  std::vector<std::string> merge = {"merge"};
  for (unsigned i = 0; i < 4; ++i) merge.push_back(shard_dir(3 - i).string());  // any order
  merge.insert(merge.end(), {"--out", merged.string()});
  const auto m = run_latbench(merge);
  ASSERT_EQ(m.exit_code, 0) << m.err << m.out;
  EXPECT_NE(m.out.find("merged: 4 of 4 shards of workload"), std::string::npos) << m.out;

  const fs::path single = m_dir / "single";
  std::vector<std::string> whole = {"run", "--url", m_url, "--out", single.string()};
  whole.insert(whole.end(), k_workload.begin(), k_workload.end());
  const auto s = run_latbench(whole, 90s);
  ASSERT_EQ(s.exit_code, 0) << s.err;

  // The same workload: the same profile (so the same hash), devices, requests and rate.
  const json mj = read_json(merged / "summary.json"), sj = read_json(single / "summary.json");
  const json &mr = mj["run"], &sr = sj["run"];
  EXPECT_EQ(slurp(merged / "profile.yaml"), slurp(single / "profile.yaml"));
  EXPECT_EQ(mr["workload_hash"], sr["workload_hash"]);
  EXPECT_EQ(mr["options"]["devices"], 10);
  EXPECT_EQ(mr["options"]["devices"], sr["options"]["devices"]);
  EXPECT_EQ(mr["requests"]["measured"], 203);
  EXPECT_EQ(mr["requests"]["measured"], sr["requests"]["measured"]);
  EXPECT_EQ(mr["requests"]["warmup"], sr["requests"]["warmup"]);
  EXPECT_EQ(mr["requests"]["sent"], sr["requests"]["sent"]);
  EXPECT_DOUBLE_EQ(mr["rate"]["intended_per_s"].get<double>(), 100.0);
  EXPECT_EQ(mr["rate"]["intended_per_s"], sr["rate"]["intended_per_s"]);
  EXPECT_EQ(mr["shard"], nullptr);
  EXPECT_EQ(mr["merged"]["count"], 4);
  EXPECT_EQ(mr["merged"]["partial"], false);
  double worst_lag = 0;
  // Every pod started on the instant (within the tolerance); the merged timeline starts at the first.
  for (unsigned i = 0; i < 4; ++i) {
    const json shard = read_json(shard_dir(i) / "summary.json")["run"];
    EXPECT_EQ(shard["shard"]["index"], i);
    EXPECT_EQ(shard["workload_hash"], sr["workload_hash"]);
    EXPECT_FALSE(shard["start"]["late"].get<bool>()) << shard["start"].dump();
    worst_lag = std::max(worst_lag, shard["start"]["start_lag_ms"].get<double>());
  }

  EXPECT_EQ(mr["start"]["requested"], read_json(shard_dir(0) / "summary.json")["run"]["start"]["requested"]);
  EXPECT_NEAR(mr["start"]["start_lag_ms"].get<double>(), worst_lag, 1e-6);  // the worst shard's miss

  // Statistics: those of the union of the four samples files, computed without latbench.
  std::vector<std::string> oracle = {"/usr/bin/python3", latbench::test::fixtures_dir() + "/shard/union_stats.py"};
  for (unsigned i = 0; i < 4; ++i) oracle.push_back((shard_dir(i) / "samples.jsonl").string());
  const auto o = run_process(oracle);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const json want = json::parse(o.out);
  const json& total = total_series(mj);
  EXPECT_EQ(total["count"], want["count"]);
  EXPECT_EQ(want["measured"], 203);
  EXPECT_EQ(want["devices"].size(), 10u);  // every fleet device once: ids unique across shards
  EXPECT_EQ(total["min"].get<double>(), want["min"].get<double>());
  EXPECT_EQ(total["max"].get<double>(), want["max"].get<double>());
  EXPECT_DOUBLE_EQ(total["mean"].get<double>(), want["mean"].get<double>());
  for (const char* p : {"p50", "p90", "p95", "p99", "p99.9"})
    EXPECT_DOUBLE_EQ(total["percentiles"][p].get<double>(), want[p].get<double>()) << p;

  // One timeline: ordered by start, seq renumbered, the first request at the earliest start.
  const std::string lines = slurp(merged / "samples.jsonl");
  double last = -1;
  std::uint64_t seq = 0, n = 0;
  for (std::size_t at = 0, end; (end = lines.find('\n', at)) != std::string::npos; at = end + 1, ++n) {
    const json line = json::parse(lines.substr(at, end - at));
    EXPECT_GE(line["start_ms"].get<double>(), last);
    last = line["start_ms"].get<double>();
    EXPECT_EQ(line["seq"], seq++);
  }
  EXPECT_EQ(n, 209u);  // 203 measured + 6 warm-up

  // Like any run: compare, gate, plot and analyze read the merged folder's files.
  const auto compare = run_latbench({"compare", (single / "samples.jsonl").string(), (merged / "samples.jsonl").string()});
  EXPECT_EQ(compare.exit_code, 0) << compare.err;
  const auto gate = run_latbench({"gate", "--baseline", (single / "samples.jsonl").string(), "--candidate",
                                  (merged / "summary.json").string(), "--max", "p99<5s"});
  EXPECT_EQ(gate.exit_code, 0) << gate.err << gate.out;
  const auto analyze = run_latbench({"analyze", (merged / "samples.jsonl").string()});
  EXPECT_EQ(analyze.exit_code, 0) << analyze.err;
  EXPECT_NE(analyze.out.find(fmt::format("{}", want["count"].get<int>())), std::string::npos) << analyze.out;
  if (latbench::report::gnuplot_available()) {
    const auto plot = run_latbench({"plot", (merged / "samples.jsonl").string(), "--plot", (m_dir / "plots").string()});
    EXPECT_EQ(plot.exit_code, 0) << plot.err;
    EXPECT_TRUE(fs::exists(m_dir / "plots" / "timeline_total.png"));
  }
}

TEST_F(RunShard, MergeRefusesShardsThatDoNotBelongTogether) {
  auto shard = [&](const std::string& spec, const fs::path& out, const std::string& requests) {
    std::vector<std::string> args = {"run", "--url", m_url, "--devices", "4", "--requests", requests,
                                     "--shard", spec, "--out", out.string(), "--quiet"};
    return run_latbench(args).exit_code;
  };
  ASSERT_EQ(shard("0/2", m_dir / "a0", "8"), 0);
  ASSERT_EQ(shard("1/2", m_dir / "a1", "8"), 0);
  ASSERT_EQ(shard("1/2", m_dir / "b1", "9"), 0);  // another workload
  // Closed loop (no rate): the two halves merge into the whole 4 devices and 8 requests.
  auto both = run_latbench({"merge", (m_dir / "a0").string(), (m_dir / "a1").string(), "--out", (m_dir / "m0").string()});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  const json br = read_json(m_dir / "m0" / "summary.json")["run"];
  EXPECT_EQ(br["requests"]["measured"], 8);
  EXPECT_EQ(br["options"]["devices"], 4);
  std::set<int> devices;
  const std::string lines = slurp(m_dir / "m0" / "samples.jsonl");
  for (std::size_t at = 0, end; (end = lines.find('\n', at)) != std::string::npos; at = end + 1)
    devices.insert(json::parse(lines.substr(at, end - at))["device"].get<int>());
  EXPECT_EQ(devices, (std::set<int>{0, 1, 2, 3}));
  // Missing shard: named, exit 2, unless allowed (then marked partial and not valid).
  auto missing = run_latbench({"merge", (m_dir / "a0").string(), "--out", (m_dir / "m1").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--allow-missing: shards 1 of 2 are missing"), std::string::npos) << missing.err;
  auto partial = run_latbench({"merge", (m_dir / "a0").string(), "--out", (m_dir / "m2").string(), "--allow-missing"});
  EXPECT_EQ(partial.exit_code, 0) << partial.err;
  const json pr = read_json(m_dir / "m2" / "summary.json")["run"];
  EXPECT_EQ(pr["merged"]["partial"], true);
  EXPECT_EQ(pr["merged"]["missing"], json::array({1}));
  EXPECT_EQ(pr["valid"], false);
  // Another workload's shard, an index twice, an output among the inputs.
  auto other = run_latbench({"merge", (m_dir / "a0").string(), (m_dir / "b1").string(), "--out", (m_dir / "m3").string()});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("shards of different workloads"), std::string::npos) << other.err;
  auto twice = run_latbench({"merge", (m_dir / "a1").string(), (m_dir / "b1").string(), "--out", (m_dir / "m4").string()});
  EXPECT_EQ(twice.exit_code, 2);
  auto into = run_latbench({"merge", (m_dir / "a0").string(), (m_dir / "a1").string(), "--out", (m_dir / "a1").string()});
  EXPECT_EQ(into.exit_code, 2);
  EXPECT_NE(into.err.find("is one of the shards' folders"), std::string::npos) << into.err;
  // A whole run is not a shard.
  std::vector<std::string> plain = {"run", "--url", m_url, "--requests", "3", "--out", (m_dir / "w").string(), "--quiet"};
  ASSERT_EQ(run_latbench(plain).exit_code, 0);
  auto whole = run_latbench({"merge", (m_dir / "w").string(), "--out", (m_dir / "m5").string()});
  EXPECT_EQ(whole.exit_code, 2);
  EXPECT_NE(whole.err.find("not a shard"), std::string::npos) << whole.err;
}

TEST_F(RunShard, CtrlCDuringTheWaitForTheStartEndsTheRunWithNothingSent) {
  const fs::path out = m_dir / "waiting";
  latbench::test::BackgroundProcess run(
      {"run", "--url", m_url, "--requests", "5", "--start-at", epoch_in(20s), "--out", out.string()});
  std::this_thread::sleep_for(700ms);  // inside the 20 s wait
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(run.stop(SIGINT, 10s), 130) << run.output();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);  // not the rest of the wait
  const json r = read_json(out / "summary.json")["run"];
  EXPECT_EQ(r["requests"]["sent"], 0);
  EXPECT_EQ(r["interrupted"], true);
}

TEST_F(RunShard, AStartInThePastSaysHowLateAndMarksTheRun) {
  const fs::path out = m_dir / "late";
  const auto r = run_latbench({"run", "--url", m_url, "--requests", "3", "--start-at", epoch_in(-2000ms), "--out",
                               out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("latbench: note: started"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("after start_at"), std::string::npos) << r.err;
  const json start = read_json(out / "summary.json")["run"]["start"];
  EXPECT_TRUE(start["late"].get<bool>());
  EXPECT_GE(start["start_lag_ms"].get<double>(), 2000.0);
  const auto bad = run_latbench({"run", "--start-at", "next tuesday"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--start-at: expected epoch seconds"), std::string::npos) << bad.err;
}
