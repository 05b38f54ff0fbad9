// Issue 15, items 5 and 6, as users see them: the gate's table fits 100 columns like compare's,
// every file latbench writes fails with one wording (the path and the system's reason), one
// parser of the server's modes (an unknown word is an error, exit 2), one verdict legend, and
// errors about a run's settings name the flag when a flag set the value and the profile's
// file:line when the profile did.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "common/test_files.hpp"
#include "common/test_paths.hpp"
#include "process.hpp"

using latbench::test::run_latbench;
using latbench::test::slurp;
namespace fs = std::filesystem;

namespace {

// n samples (after 3 warm-up ones) with lognormal totals scaled by `scale`, the first `errors` failed.
void write_lognormal_samples(const fs::path& path, std::uint64_t seed, int n, double scale, int errors = 0) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(40.0), 0.35);
  std::ofstream out(path);
  double t = 0;
  for (int i = 0; i < n + 3; ++i) {
    const double total = dist(rng) * scale;
    const bool failed = i >= 3 && i < 3 + errors;
    nlohmann::json j = {{"seq", i}, {"device", 0}, {"conn", "reused"}, {"warmup", i < 3},
                        {"start_ms", t}, {"total_ms", total}, {"ttfb_ms", total * 0.9},
                        {"status", failed ? 503 : 200},
                        {"error", failed ? nlohmann::json("http_5xx") : nlohmann::json(nullptr)}};
    out << j.dump() << "\n";
    t += total + 1;
  }
}

std::size_t widest_line(const std::string& text) {
  std::size_t best = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::size_t n = 0;
    for (std::size_t i = start; i < end; ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    best = std::max(best, n);
    start = end + 1;
  }
  return best;
}

}  // namespace

TEST(GateTable, FitsOneHundredColumnsWithEachWhyUnderTheTable) {
  const fs::path dir = latbench::test::make_temp_dir("latbench-one-helper");
  write_lognormal_samples(dir / "base.jsonl", 3, 1500, 1.0);
  write_lognormal_samples(dir / "cand.jsonl", 4, 1500, 1.25, 20);
  auto r = run_latbench({"gate", "--baseline", (dir / "base.jsonl").string(), "--candidate",
                         (dir / "cand.jsonl").string(), "--max", "p50=+5%,p95=+10%,errors=+0,p99<300ms",
                         "--resamples", "1000"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_LE(widest_line(r.out), 100u) << r.out;
  // The table keeps every check's numbers and status; the why follows, one line per check.
  EXPECT_NE(r.out.find("check     "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("status  why"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\np50=+5%: worse than allowed, significantly"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gate: FAIL (a metric is significantly worse than its budget)"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(WriteFile, EveryReportAndExportSaysThePathAndTheSystemsReason) {
  const fs::path dir = latbench::test::make_temp_dir("latbench-one-helper");
  write_lognormal_samples(dir / "base.jsonl", 5, 200, 1.0);
  write_lognormal_samples(dir / "cand.jsonl", 6, 200, 1.0);
  const std::string missing = (dir / "no-such-dir").string();
  const std::string log = latbench::test::sample("esp32.log");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"analyze", log, "--export-csv", missing + "/a.csv"}, missing + "/a.csv"},
      {{"analyze", log, "--export-markdown", missing + "/a.md"}, missing + "/a.md"},
      {{"compare", (dir / "base.jsonl").string(), (dir / "cand.jsonl").string(), "--export-csv", missing + "/c.csv"},
       missing + "/c.csv"},
      {{"compare", (dir / "base.jsonl").string(), (dir / "cand.jsonl").string(), "--export-markdown",
        missing + "/c.md"},
       missing + "/c.md"},
      {{"gate", "--baseline", (dir / "base.jsonl").string(), "--candidate", (dir / "cand.jsonl").string(), "--max",
        "p50=+50%", "--junit", missing + "/g.xml"},
       missing + "/g.xml"},
  };
  for (const auto& [args, path] : cases) {
    auto r = run_latbench(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << r.err;
    EXPECT_NE(r.err.find("latbench: error: " + path + ": cannot write: No such file or directory"), std::string::npos)
        << args[0] << " " << r.err;
  }
  // $GITHUB_STEP_SUMMARY is appended to, and fails in the same words.
  setenv("GITHUB_STEP_SUMMARY", (missing + "/summary.md").c_str(), 1);
  auto g = run_latbench({"gate", "--baseline", (dir / "base.jsonl").string(), "--candidate",
                         (dir / "cand.jsonl").string(), "--max", "p50=+50%"});
  unsetenv("GITHUB_STEP_SUMMARY");
  EXPECT_EQ(g.exit_code, 2) << g.err;
  EXPECT_NE(g.err.find(missing + "/summary.md: cannot write: No such file or directory"), std::string::npos) << g.err;
  fs::remove_all(dir);
}

TEST(VerdictLegend, MarkdownSaysWhatTheTerminalSays) {
  const fs::path dir = latbench::test::make_temp_dir("latbench-one-helper");
  write_lognormal_samples(dir / "base.jsonl", 5, 200, 1.0);
  write_lognormal_samples(dir / "cand.jsonl", 6, 200, 1.0);
  auto r = run_latbench({"compare", (dir / "base.jsonl").string(), (dir / "cand.jsonl").string(),
                         "--export-markdown", (dir / "c.md").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string md = slurp(dir / "c.md");
  std::string out = r.out;  // the terminal wraps the legend at 100 columns
  std::replace(out.begin(), out.end(), '\n', ' ');
  EXPECT_NE(out.find("A change counts (faster/slower) only when the Holm-adjusted p"), std::string::npos) << r.out;
  EXPECT_NE(md.find("A change counts (faster/slower) only when the Holm-adjusted p"), std::string::npos) << md;
  EXPECT_NE(out.find("'~' = no significant change, '?' = not testable here."), std::string::npos) << r.out;
  EXPECT_NE(md.find("`~` = no significant change, `?` = not testable here."), std::string::npos) << md;
  fs::remove_all(dir);
}

TEST(ServerModes, AnUnknownWordIsAnErrorNamingTheFlag) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"serve", "--port", "0", "--mode", "fast"}, "--mode: invalid value 'fast' (expected sync or async)"},
      {{"serve", "--port", "0", "--decode", "all"}, "--decode: invalid value 'all' (expected full, header or none)"},
      {{"serve", "--port", "0", "--log-format", "nginx"},
       "--log-format: invalid value 'nginx' (expected uvicorn or jsonl)"},
      {{"run", "--server-mode", "fast", "--requests", "1"},
       "--server-mode: invalid value 'fast' (expected sync or async)"},
  };
  for (const auto& [args, message] : cases) {
    auto r = run_latbench(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("latbench: error: " + message), std::string::npos) << r.err;
  }
}

TEST(ServerModes, AProfileNamesItsLineAndTheSameWords) {
  const fs::path dir = latbench::test::make_temp_dir("latbench-one-helper");
  std::ofstream(dir / "p.yaml") << "requests: 1\nserver:\n  mode: fast\n";
  auto r = run_latbench({"run", (dir / "p.yaml").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find((dir / "p.yaml").string() + ":3:9: key 'server.mode': invalid value 'fast' (expected sync or async)"),
            std::string::npos)
      << r.err;
  fs::remove_all(dir);
}

TEST(KeyErrors, AValueFromAProfileIsNamedByItsLineNotByAFlag) {
  const fs::path dir = latbench::test::make_temp_dir("latbench-one-helper");
  std::ofstream(dir / "p.yaml") << "requests: 1\nurl: ftp://127.0.0.1:1/upload\n";
  auto r = run_latbench({"run", (dir / "p.yaml").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("latbench: error: " + (dir / "p.yaml").string() +
                       ":2:6: key 'url': 'ftp://127.0.0.1:1/upload' must start with http:// or https://"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("--url"), std::string::npos) << r.err;

  // The same value given as a flag is named by the flag, even with the profile.
  auto f = run_latbench({"run", (dir / "p.yaml").string(), "--url", "ftp://127.0.0.1:1/x"});
  EXPECT_EQ(f.exit_code, 2) << f.err;
  EXPECT_NE(f.err.find("latbench: error: --url: 'ftp://127.0.0.1:1/x' must start with http:// or https://"),
            std::string::npos)
      << f.err;

  // A key the profile did not set, from the CLI's default: its flag.
  std::ofstream(dir / "q.yaml") << "requests: 0\n";
  auto q = run_latbench({"run", (dir / "q.yaml").string()});
  EXPECT_EQ(q.exit_code, 2) << q.err;
  EXPECT_NE(q.err.find((dir / "q.yaml").string() + ":1:11: key 'requests': expected at least 1 (or give a duration)"),
            std::string::npos)
      << q.err;
  auto t = run_latbench({"run", "--timeout", "0s", "--requests", "1"});
  EXPECT_EQ(t.exit_code, 2) << t.err;
  EXPECT_NE(t.err.find("latbench: error: --timeout: expected at least 1ms"), std::string::npos) << t.err;
  fs::remove_all(dir);
}
