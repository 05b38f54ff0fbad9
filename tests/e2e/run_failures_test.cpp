// A run that failed must not look like one that worked (issue 14): the real binary against a
// scripted server, a killed `latbench serve` and a samples file on /dev/full, all on loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "mini_http_server.hpp"
#include "process.hpp"
#include "serve_process.hpp"
#include "common/test_paths.hpp"

namespace fs = std::filesystem;
using latbench::test::announced_port;
using latbench::test::BackgroundProcess;
using latbench::test::make_temp_dir;
using latbench::test::MiniHttpServer;
using latbench::test::Reply;
using latbench::test::run_latbench;
using latbench::test::run_process;
using nlohmann::json;
using testing::HasSubstr;
using testing::Not;
using namespace std::chrono_literals;

namespace {

json read_json(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

std::size_t line_count(const fs::path& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

// The wrong path: three 404s printed "0 ok, 3 errors" and exited 0.
TEST(RunFailures, EveryAnswerAnErrorExitsThreeAndSaysSoAboveTheTable) {
  MiniHttpServer server([](std::uint64_t) { return Reply{0ms, 404}; });
  const std::string dir = make_temp_dir("latbench-fail-404");
  auto r = run_latbench({"run", "--url", server.url(), "--requests", "3", "--out", dir});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("no request succeeded: every answer was an error (3 http_4xx)"));
  EXPECT_THAT(r.err, HasSubstr("URL's path"));
  // The loud line comes before the table (whose header starts with "series").
  const auto failed = r.out.find("RUN FAILED: no request succeeded");
  ASSERT_NE(failed, std::string::npos) << r.out;
  EXPECT_LT(failed, r.out.find("series")) << r.out;
  const json doc = read_json(fs::path(dir) / "summary.json");
  EXPECT_EQ(doc["run"]["valid"], false);
  EXPECT_THAT(doc["run"]["invalid_reason"].get<std::string>(), HasSubstr("every answer was an error"));
  EXPECT_THAT(doc["run"]["failure"].get<std::string>(), HasSubstr("3 http_4xx"));
}

// A server that accepts and hangs up without a byte: no answer at all, exit 3; each request is an
// empty reply, not a `dropped` upload (README: dropped is a shed 5xx).
TEST(RunFailures, NoAnswerAtAllExitsThreeAndEmptyRepliesAreTheirOwnClass) {
  MiniHttpServer server([](std::uint64_t) { return Reply{0ms, 200, Reply::Kind::close_silently}; });
  const std::string dir = make_temp_dir("latbench-fail-empty");
  auto r = run_latbench({"run", "--url", server.url(), "--requests", "3", "--out", dir});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("no request got an answer (3 of 3: 3 empty_reply)"));
  EXPECT_THAT(r.out, HasSubstr("3 errors (3 empty_reply)"));
  EXPECT_THAT(r.out, Not(HasSubstr("dropped")));
  std::ifstream in(fs::path(dir) / "samples.jsonl");
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) EXPECT_EQ(json::parse(line)["error"], "empty_reply") << line;
  EXPECT_EQ(lines, 3);
  EXPECT_EQ(read_json(fs::path(dir) / "summary.json")["run"]["valid"], false);
}

// Empty replies mixed with answers: the run goes on (exit 0), the class is counted as such.
TEST(RunFailures, EmptyRepliesAmongAnswersAreCountedAsEmptyReply) {
  MiniHttpServer server([](std::uint64_t i) {
    return i % 2 == 1 ? Reply{0ms, 200, Reply::Kind::close_silently} : Reply{};
  });
  const std::string dir = make_temp_dir("latbench-fail-mixed");
  auto r = run_latbench({"run", "--url", server.url(), "--requests", "10", "--out", dir, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["run"]["errors"]["empty_reply"], 5);
  EXPECT_FALSE(doc["run"]["errors"].contains("dropped")) << doc["run"]["errors"];
}

TEST(RunFailures, MoreThanTenPercentErrorsWarnAboveTheTable) {
  MiniHttpServer server([](std::uint64_t i) { return i % 4 == 0 ? Reply{0ms, 500} : Reply{}; });
  const std::string dir = make_temp_dir("latbench-fail-warn");
  auto r = run_latbench({"run", "--url", server.url(), "--requests", "20", "--out", dir});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto warning = r.out.find("WARNING: 25.0% of the measured requests failed (5 of 20: 5 http_5xx)");
  ASSERT_NE(warning, std::string::npos) << r.out;
  EXPECT_LT(warning, r.out.find("series")) << r.out;
  const json doc = read_json(fs::path(dir) / "summary.json");
  ASSERT_EQ(doc["run"]["warnings"].size(), 1u);
  EXPECT_THAT(doc["run"]["warnings"][0].get<std::string>(), HasSubstr("25.0%"));
  EXPECT_EQ(doc["run"]["valid"], true);  // the answers are latency; only the share is alarming

  // One error in 20 (5%) is under the line: no warning.
  MiniHttpServer few([](std::uint64_t i) { return i == 3 ? Reply{0ms, 500} : Reply{}; });
  r = run_latbench({"run", "--url", few.url(), "--requests", "20", "--out", make_temp_dir("latbench-fail-few")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("WARNING")));
}

// The killed server: 94,314 `refused` later the run still said valid and exited 0.
TEST(RunFailures, ATargetKilledMidRunStopsTheRunInBoundedTimeWithExitThree) {
  BackgroundProcess serve({"serve", "--port", "0"});
  ASSERT_TRUE(serve.read_until("CTRL+C", 10s)) << serve.output();
  const int port = announced_port(serve.output());
  ASSERT_GT(port, 0) << serve.output();
  const std::string dir = make_temp_dir("latbench-fail-killed");
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/api/devices/file/image";
  const auto t0 = std::chrono::steady_clock::now();
  auto run = std::async(std::launch::async, [&] {
    return run_latbench({"run", "--url", url, "--requests", "1000000", "--connection", "new", "--out", dir}, 45s);
  });
  // Killed once the run has answers on disk (it writes them at least twice a second).
  const fs::path samples = fs::path(dir) / "samples.jsonl";
  while (seconds_since(t0) < 10 && (!fs::exists(samples) || line_count(samples) < 20)) std::this_thread::sleep_for(50ms);
  serve.stop(SIGKILL, 5s);
  const double killed_at = seconds_since(t0);
  const auto r = run.get();
  ASSERT_FALSE(r.timed_out) << "the run did not notice the target was gone";
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("the target stopped answering: no answer since"));
  EXPECT_THAT(r.out, HasSubstr("RUN FAILED: the target stopped answering"));
  // Bounded: 3 s of silence and the in-flight request's end, loosely (shared CI machines).
  EXPECT_LT(seconds_since(t0) - killed_at, 20.0);
  const json doc = read_json(fs::path(dir) / "summary.json");
  EXPECT_EQ(doc["run"]["valid"], false);
  const json& silent = doc["run"]["target_silent"];
  ASSERT_TRUE(silent.is_object()) << doc["run"];
  EXPECT_GE(silent["unanswered"].get<std::uint64_t>(), 3u);
  EXPECT_GT(silent["last_answer_s"].get<double>(), 0.0);
  EXPECT_GE(silent["stopped_at_s"].get<double>(), silent["last_answer_s"].get<double>() + 3.0);
  EXPECT_LT(doc["run"]["requests"]["measured"].get<std::uint64_t>(), 1000000u);
  EXPECT_GT(doc["run"]["requests"]["ok"].get<std::uint64_t>(), 0u);
}

// k6-style thresholds without a baseline: the table of limits, exit 1 when one fails.
TEST(RunThresholds, LimitsOnAPlainRunExitOneWhenOneFails) {
  const std::string dir = make_temp_dir("latbench-thresholds");
  auto r = run_latbench({"run", "--requests", "20", "--out", dir + "/fail", "--max", "p99<0.001ms,errors<1%"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("thresholds (checked as measured):"));
  EXPECT_THAT(r.out, testing::ContainsRegex("p99<0.001ms +[0-9.]+(us|ms) +FAIL"));
  EXPECT_THAT(r.out, testing::ContainsRegex("errors<1% +0.00% +pass"));
  EXPECT_THAT(r.out, HasSubstr("thresholds: FAIL (1 of 2 limits not met; exit 1)"));

  r = run_latbench({"run", "--requests", "20", "--out", dir + "/pass", "--max", "p99<60s,errors<1%,throughput>1"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("thresholds: pass (3 of 3 limits met)"));

  // A budget relative to a baseline still needs one; it fails before the run.
  r = run_latbench({"run", "--requests", "5", "--out", dir + "/rel", "--max", "p99<60s,p50=+5%"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("--max: 'p50=+5%' compares with a baseline: give one with --gate-against FILE"));
  EXPECT_FALSE(fs::exists(dir + "/rel/samples.jsonl"));
}

TEST(RunThresholds, ThresholdsFromABudgetFileAndWithJson) {
  const std::string dir = make_temp_dir("latbench-thresholds-file");
  const std::string budget = dir + "/budget.yaml";
  std::ofstream(budget) << "limits:\n  - p50<0.001ms\n";
  auto r = run_latbench({"run", "--requests", "10", "--out", dir + "/run", "--budget", budget, "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(json::accept(r.out)) << r.out;  // stdout stays JSON; the table goes to stderr
  EXPECT_THAT(r.err, HasSubstr("thresholds: FAIL (1 of 1 limits not met; exit 1)"));
}

// Disk full under --out: the summary still printed, summary.json written elsewhere, the message
// naming the path that failed (a samples file and summary.json that are /dev/full: ENOSPC).
TEST(RunFailures, AFullDiskKeepsTheSummaryAndSaysWhereItWent) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const fs::path dir = make_temp_dir("latbench-fail-full");
  const fs::path out = dir / "run";
  const fs::path tmp = dir / "tmp";
  fs::create_directories(out);
  fs::create_directories(tmp);
  fs::create_symlink("/dev/full", out / "samples.jsonl");
  fs::create_symlink("/dev/full", out / "summary.json");
  auto r = run_process({"/usr/bin/env", "TMPDIR=" + tmp.string(), latbench::test::latbench_binary(), "run", "--requests", "5",
                        "--out", out.string(), "--plot", (dir / "plots").string()},
                       60s);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("requests: 5 measured, 5 ok"));
  EXPECT_THAT(r.out, HasSubstr("(incomplete: it could not be written to the end)"));
  EXPECT_THAT(r.err, HasSubstr((out / "samples.jsonl").string() + ": cannot write samples after line 0: No space left on device"));
  EXPECT_THAT(r.err, HasSubstr((out / "summary.json").string() + ": cannot write: No space left on device"));
  std::vector<fs::path> written;
  for (const auto& e : fs::directory_iterator(tmp)) written.push_back(e.path());
  ASSERT_EQ(written.size(), 1u) << r.err;
  EXPECT_THAT(r.err, HasSubstr("summary.json is in " + written[0].string()));
  EXPECT_THAT(r.out, HasSubstr("summary: " + written[0].string()));
  const json doc = read_json(written[0]);
  EXPECT_EQ(doc["run"]["requests"]["measured"], 5);
  EXPECT_EQ(doc["run"]["samples_complete"], false);
  EXPECT_EQ(doc["run"]["write_errors"].size(), 2u);
  EXPECT_THAT(r.err, HasSubstr("no plots or report"));
  EXPECT_FALSE(fs::exists(dir / "plots"));
}

// The embedded server's simulated inference must not outlast the client: the run took
// 20 s for a request that timed out after 1 s.
TEST(RunFailures, AnEmbeddedRunEndsWithinItsTimeoutPlusAGrace) {
  const std::string dir = make_temp_dir("latbench-fail-infer");
  const auto t0 = std::chrono::steady_clock::now();
  auto r = run_latbench({"run", "--infer", "20s", "--timeout", "1s", "--requests", "1", "--out", dir}, 15s);
  const double took = seconds_since(t0);
  ASSERT_FALSE(r.timed_out) << "still waiting for the simulated inference";
  EXPECT_LT(took, 8.0);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;  // its only request got no answer
  EXPECT_THAT(r.err, HasSubstr("no request got an answer (1 of 1: 1 timeout)"));
}

TEST(RunFailures, AbsurdDistributionsAreRejectedWithTheKeyAndTheReason) {
  const std::string dir = make_temp_dir("latbench-fail-dist");
  const std::string profile = dir + "/absurd.yaml";
  std::ofstream(profile) << "requests: 1\nserver:\n  infer: normal(40ms,2147483648ms)\n";
  auto r = run_latbench({"run", profile, "--out", dir + "/a"}, 20s);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr(profile + ":3:"));
  EXPECT_THAT(r.err, HasSubstr("server.infer"));
  EXPECT_THAT(r.err, HasSubstr("argument '2147483648ms' is longer than the longest simulated stage (1h)"));

  r = run_latbench({"run", "--infer", "normal(40ms,100ms)", "--requests", "1", "--out", dir + "/b"}, 20s);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("--infer"));
  EXPECT_THAT(r.err, HasSubstr("the SD is larger than the mean"));

  std::ofstream(dir + "/warm.yaml") << "requests: 1\nserver:\n  warmup_cost: 48h\n";
  r = run_latbench({"run", dir + "/warm.yaml", "--out", dir + "/c"}, 20s);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("server.warmup_cost"));
  EXPECT_THAT(r.err, HasSubstr("longer than the longest simulated stage"));
}
