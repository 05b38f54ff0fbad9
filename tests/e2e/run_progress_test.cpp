// The progress line: on a terminal, `latbench run` shows done/total, req/s, live p50/p95 and
// errors about once a second and wipes the line before the summary; into a pipe it prints
// nothing but the summary.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "process.hpp"
#include "pty_process.hpp"
#include "common/test_paths.hpp"

using namespace latbench;

namespace {

// 40 uploads on one connection to the embedded server, each held 50 ms by the model: about 2 s,
// so at least one progress line (the first comes after 1 s). Every answer takes at least 50 ms,
// which bounds what the line may say.
std::vector<std::string> slow_run_args(const std::string& out_dir) {
  return {"run", "--requests", "40", "--connection", "persistent", "--infer", "50ms",
          "--image", "64x48", "--out", out_dir};
}

struct ProgressLine {
  std::size_t at;  // offset in the output
  unsigned done, total;
  double rate, p50_ms, p95_ms;
  unsigned errors;
};

std::vector<ProgressLine> progress_lines(const std::string& out) {
  static const std::regex k_line(
      R"(\r(\d+)/(\d+) done  ([0-9.]+) req/s  p50 ([0-9.]+)ms  p95 ([0-9.]+)ms  errors (\d+))");
  std::vector<ProgressLine> lines;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), k_line); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    lines.push_back({static_cast<std::size_t>(m.position(0)), static_cast<unsigned>(std::stoul(m[1])),
                     static_cast<unsigned>(std::stoul(m[2])), std::stod(m[3]), std::stod(m[4]),
                     std::stod(m[5]), static_cast<unsigned>(std::stoul(m[6]))});
  }
  return lines;
}

}  // namespace

TEST(RunProgress, OnATerminalTheLineShowsProgressAndIsWipedBeforeTheSummary) {
  auto r = test::run_under_pty(
      [&] {
        std::vector<std::string> argv{latbench::test::latbench_binary()};
        for (auto& a : slow_run_args(test::make_temp_dir("latbench-progress-tty"))) argv.push_back(a);
        return argv;
      }());
  ASSERT_FALSE(r.timed_out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto lines = progress_lines(r.out);
  ASSERT_GE(lines.size(), 1u) << r.out;
  for (const auto& l : lines) {
    EXPECT_EQ(l.total, 40u);
    EXPECT_GE(l.done, 1u);
    EXPECT_LE(l.done, 40u);
    // One connection, >= 50 ms per upload: at most 20 uploads per second, and every latency
    // the line reports is at least the model's 50 ms.
    EXPECT_GT(l.rate, 0.0);
    EXPECT_LE(l.rate, 20.05);
    EXPECT_GE(l.p50_ms, 50.0);
    EXPECT_GE(l.p95_ms, l.p50_ms);
    EXPECT_EQ(l.errors, 0u);
  }
  // The line is wiped ("\r" + erase-line) after the last update and before the summary starts.
  auto summary = r.out.find("latbench run:");
  ASSERT_NE(summary, std::string::npos) << r.out;
  auto wipe = r.out.rfind("\r\033[K", summary);
  ASSERT_NE(wipe, std::string::npos) << r.out;
  EXPECT_GT(wipe, lines.back().at);
  EXPECT_EQ(r.out.find("req/s", summary), std::string::npos) << "progress after the summary";
  EXPECT_NE(r.out.find("requests: 40 measured, 40 ok", summary), std::string::npos) << r.out;
}

TEST(RunProgress, IntoAPipeNothingButTheSummary) {
  auto r = test::run_latbench(slow_run_args(test::make_temp_dir("latbench-progress-pipe")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("latbench run:", 0), 0u) << r.out;
  EXPECT_EQ(r.out.find("req/s"), std::string::npos);
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.out.find("\033["), std::string::npos);
}

TEST(RunProgress, QuietOnATerminalPrintsNothing) {
  std::vector<std::string> argv{latbench::test::latbench_binary()};
  for (auto& a : slow_run_args(test::make_temp_dir("latbench-progress-quiet"))) argv.push_back(a);
  argv.push_back("--quiet");
  auto r = test::run_under_pty(argv);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
}
