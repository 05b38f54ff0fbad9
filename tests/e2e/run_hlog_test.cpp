// `latbench run --export-hlog`: the interval log of a real run on loopback holds every measured
// total (its counts add up to the summary's), on one contiguous timeline from the run's start,
// each value within its HdrHistogram bucket of the sample; and a run killed midway keeps the
// intervals written so far. (HdrHistogram's own Java tools reading it: bench/hlog_vs_hdrhistogram.sh.)
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/test_files.hpp"
#include "hlog/interval_recorder.hpp"
#include "hlog/log_reader.hpp"
#include "process.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

double now_s() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

std::vector<double> measured_totals(const std::string& samples_path) {
  std::vector<double> out;
  std::ifstream in(samples_path);
  for (std::string line; std::getline(in, line);) {
    const json j = json::parse(line);
    if (!j["warmup"].get<bool>() && j["status"].get<int>() > 0) out.push_back(j["total_ms"].get<double>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST(RunHlog, TheLogHoldsEveryMeasuredTotalOnOneTimeline) {
  const std::string dir = test::make_temp_dir("latbench-hlog");
  const double before = now_s();
  auto r = test::run_latbench({"run", "--requests", "120", "--warmup", "4", "--devices", "2", "--rate", "40/s",
                               "--infer", "2ms", "--out", dir + "/run", "--export-hlog", dir + "/run.hlog",
                               "--hlog-interval", "500ms"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto log = hlog::read_log(dir + "/run.hlog");
  ASSERT_TRUE(log.ok()) << log.error().what();
  ASSERT_TRUE(log->base_time_s);
  EXPECT_GE(*log->base_time_s, before - 1);
  EXPECT_LE(*log->base_time_s, now_s());
  ASSERT_GE(log->intervals.size(), 3u);  // 124 uploads at 80/s: about 1.6 s
  hlog::Histogram sum;
  double expected_start = 0;
  for (const auto& i : log->intervals) {
    EXPECT_NEAR(i.start_s, expected_start, 0.0015) << "line " << i.line;
    expected_start = i.start_s + i.length_s;
    sum.add(i.histogram);
  }
  const json summary = json::parse(test::slurp(dir + "/run/summary.json"));
  json total;
  for (const auto& s : summary["series"])
    if (s["name"] == "total") total = s;
  EXPECT_EQ(sum.count(), total["count"].get<std::int64_t>());
  EXPECT_EQ(sum.count(), 120);  // the warm-up is not in it
  // Each statistic lies in the bucket of the sample's own value (microseconds, 3 digits).
  const auto totals = measured_totals(dir + "/run/samples.jsonl");
  ASSERT_EQ(totals.size(), 120u);
  EXPECT_EQ(sum.max(), sum.highest_equivalent(hlog::to_micros(totals.back())));
  EXPECT_EQ(sum.min(), sum.lowest_equivalent(hlog::to_micros(totals.front())));
  for (double p : {50.0, 90.0, 99.0}) {
    // HdrHistogram's nearest rank: p 1 ulp less, times n, over 100, rounded up.
    const auto rank = static_cast<std::size_t>(std::ceil(std::nextafter(p, -INFINITY) * 120 / 100)) - 1;
    EXPECT_EQ(sum.value_at_percentile(p), sum.highest_equivalent(hlog::to_micros(totals[rank]))) << "p" << p;
  }
}

TEST(RunHlog, AKilledRunKeepsTheIntervalsWrittenSoFar) {
  const std::string dir = test::make_temp_dir("latbench-hlog-kill");
  std::vector<std::string> argv{test::latbench_binary(), "run", "--duration", "20s", "--requests", "0",
                                "--rate", "20/s", "--infer", "1ms", "--out", dir + "/run",
                                "--export-hlog", dir + "/run.hlog", "--hlog-interval", "200ms"};
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    std::vector<char*> raw;
    for (auto& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    ::execv(raw[0], raw.data());
    ::_exit(127);
  }
  std::this_thread::sleep_for(1500ms);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  auto log = hlog::read_log(dir + "/run.hlog");
  ASSERT_TRUE(log.ok()) << log.error().what();
  EXPECT_GE(log->intervals.size(), 3u);  // ~1.4 s of 200 ms intervals, less start-up
  std::int64_t count = 0;
  for (const auto& i : log->intervals) count += i.histogram.count();
  EXPECT_GT(count, 0);
}

TEST(RunHlog, AnUnwritableLogPathStopsTheRunBeforeItStartsNamingTheFile) {
  auto r = test::run_latbench({"run", "--requests", "3", "--infer", "0ms", "--export-hlog", "/nonexistent-dir/x.hlog",
                               "--out", test::make_temp_dir("latbench-hlog-bad") + "/run"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent-dir/x.hlog"), std::string::npos) << r.err;
  auto bad = test::run_latbench({"run", "--requests", "3", "--hlog-interval", "0ms"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--hlog-interval"), std::string::npos) << bad.err;
}

TEST(RunHlog, MergeAddsTheShardsLogsBesideTheirSamplesAndAloneWithHlog) {
  const std::string dir = test::make_temp_dir("latbench-hlog-merge");
  for (const char* i : {"0", "1"}) {
    const std::string out = dir + "/shard" + i;
    auto r = test::run_latbench({"run", "--requests", "40", "--devices", "4", "--rate", "20/s", "--infer", "1ms",
                                 "--shard", std::string(i) + "/2", "--out", out, "--export-hlog", out + "/run.hlog"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto merged = test::run_latbench({"merge", dir + "/shard0", dir + "/shard1", "--out", dir + "/merged"});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.err.find("the 2 shards' interval logs added (40 values"), std::string::npos) << merged.err;
  auto log = hlog::read_log(dir + "/merged/run.hlog");
  ASSERT_TRUE(log.ok()) << log.error().what();
  std::int64_t count = 0;
  for (const auto& i : log->intervals) count += i.histogram.count();
  const json summary = json::parse(test::slurp(dir + "/merged/summary.json"));
  for (const auto& s : summary["series"])
    if (s["name"] == "total") {
      EXPECT_EQ(count, s["count"].get<std::int64_t>());
    }
  EXPECT_EQ(count, 40);
  // Without samples: the logs alone, the bound stated.
  auto alone = test::run_latbench({"merge", "--hlog", dir + "/shard0/run.hlog", dir + "/shard1/run.hlog", "--out",
                                   dir + "/fleet.hlog"});
  ASSERT_EQ(alone.exit_code, 0) << alone.err;
  EXPECT_NE(alone.out.find("count 40 "), std::string::npos) << alone.out;
  EXPECT_NE(alone.out.find("error bound: values within 0.1%"), std::string::npos) << alone.out;
  EXPECT_TRUE(hlog::read_log(dir + "/fleet.hlog").ok());
}
