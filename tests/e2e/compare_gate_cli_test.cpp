// `latbench compare` and `latbench gate` as a user and a CI job run them, on samples files
// written by a seeded generator in the format of TEAM.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "process.hpp"
#include "report/json_export.hpp"
#include "stats/summary.hpp"
#include "common/test_files.hpp"

using latbench::test::slurp;
using latbench::test::run_latbench;
namespace fs = std::filesystem;

namespace {

std::string fmt_line(int seq, bool warmup, double start, double total, bool failed) {
  nlohmann::json j = {{"seq", seq}, {"device", 0}, {"conn", "reused"}, {"warmup", warmup},
                      {"start_ms", start}, {"total_ms", total}, {"ttfb_ms", total * 0.9},
                      {"status", failed ? 503 : 200}, {"error", failed ? nlohmann::json("http_5xx") : nlohmann::json(nullptr)},
                      {"server", {{"total", total * 0.6}, {"infer", total * 0.5}}}};
  return j.dump();
}

// Writes n requests (plus 3 warm-up ones) with lognormal totals scaled by `scale`.
std::vector<double> write_samples(const fs::path& path, std::uint64_t seed, int n, double scale,
                                  int errors = 0) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(40.0), 0.35);
  std::ofstream out(path);
  double t = 0;
  std::vector<double> kept;
  for (int i = 0; i < n + 3; ++i) {
    const double total = dist(rng) * scale;
    const bool failed = i >= 3 && i < 3 + errors;
    out << fmt_line(i, i < 3, t, total, failed) << "\n";
    if (i >= 3 && !failed) kept.push_back(total);
    t += total + 1;
  }
  return kept;
}

fs::path temp_dir() { return latbench::test::make_temp_dir("latbench-compare"); }

// Minimal XML well-formedness: balanced tags, quoted attributes, no raw '<' or '&' in text.
bool well_formed_xml(const std::string& xml, std::string& why) {
  std::vector<std::string> stack;
  std::size_t i = 0;
  if (xml.rfind("<?xml", 0) == 0) i = xml.find("?>") + 2;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const std::size_t semi = xml.find(';', i);
      const std::string ent = xml.substr(i, semi - i + 1);
      if (ent != "&amp;" && ent != "&lt;" && ent != "&gt;" && ent != "&quot;" && ent != "&apos;") {
        why = "bad entity at " + std::to_string(i);
        return false;
      }
      i = semi + 1;
      continue;
    }
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) return why = "unterminated tag", false;
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string::npos) return why = "'<' inside tag " + tag, false;
    if (std::count(tag.begin(), tag.end(), '"') % 2) return why = "unbalanced quotes in " + tag, false;
    if (tag.front() == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) return why = "mismatched </" + tag + ">", false;
      stack.pop_back();
    } else if (tag.back() != '/') {
      stack.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
    }
    i = end + 1;
  }
  if (!stack.empty()) return why = "unclosed <" + stack.back() + ">", false;
  return true;
}

}  // namespace

TEST(CompareCli, SlowerCandidateIsReportedWithExports) {
  const fs::path dir = temp_dir();
  write_samples(dir / "base.jsonl", 1, 1500, 1.0);
  write_samples(dir / "cand.jsonl", 2, 1500, 1.25);
  auto r = run_latbench({"compare", (dir / "base.jsonl").string(), (dir / "cand.jsonl").string(),
                         "--resamples", "1000", "--export-json", (dir / "c.json").string(), "--export-csv",
                         (dir / "c.csv").string(), "--export-markdown", (dir / "c.md").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("per-request"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("slower"), std::string::npos) << r.out;
  auto doc = nlohmann::json::parse(slurp(dir / "c.json"));
  EXPECT_EQ(doc["comparisons"][0]["metrics"][0]["metric"], "shift");
  EXPECT_EQ(doc["comparisons"][0]["metrics"][0]["verdict"], "slower");
  EXPECT_EQ(doc["comparisons"][0]["metrics"][1]["metric"], "p50");
  EXPECT_EQ(doc["comparisons"][0]["metrics"][1]["verdict"], "slower");
  const std::string csv = slurp(dir / "c.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 11);  // header + 10 metrics
  const std::string md = slurp(dir / "c.md");
  EXPECT_NE(md.find("| p50 |"), std::string::npos) << md;
  EXPECT_NE(md.find("**slower**"), std::string::npos) << md;
  fs::remove_all(dir);
}

TEST(CompareCli, MalformedLineNamesFileAndLine) {
  const fs::path dir = temp_dir();
  write_samples(dir / "base.jsonl", 1, 50, 1.0);
  std::ofstream(dir / "bad.jsonl") << fmt_line(0, false, 0, 40, false) << "\nnot json\n"
                                   << fmt_line(1, false, 50, 40, false) << "\n";
  auto r = run_latbench({"compare", (dir / "base.jsonl").string(), (dir / "bad.jsonl").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.jsonl:2: expected one JSON object per line"), std::string::npos) << r.err;
  auto missing = run_latbench({"compare", (dir / "base.jsonl").string(), (dir / "nope.jsonl").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.jsonl: no such file or folder"), std::string::npos) << missing.err;
  fs::remove_all(dir);
}

TEST(GateCli, RegressionExitsOneWithJunitAndStepSummary) {
  const fs::path dir = temp_dir();
  write_samples(dir / "base.jsonl", 3, 1500, 1.0);
  write_samples(dir / "cand.jsonl", 4, 1500, 1.25, 20);
  const fs::path summary = dir / "step_summary.md";
  setenv("GITHUB_STEP_SUMMARY", summary.c_str(), 1);
  auto r = run_latbench({"gate", "--baseline", (dir / "base.jsonl").string(), "--candidate",
                         (dir / "cand.jsonl").string(), "--max", "p50=+5%,p95=+10%,errors=+0,p99<300ms",
                         "--junit", (dir / "gate.xml").string(), "--resamples", "1000"});
  unsetenv("GITHUB_STEP_SUMMARY");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL"), std::string::npos);
  const std::string md = slurp(summary);
  EXPECT_NE(md.find("### latbench gate: FAIL"), std::string::npos) << md;
  EXPECT_NE(md.find("| `p50=+5%` |"), std::string::npos) << md;
  const std::string xml = slurp(dir / "gate.xml");
  std::string why;
  EXPECT_TRUE(well_formed_xml(xml, why)) << why << "\n" << xml;
  EXPECT_NE(xml.find("<failure"), std::string::npos);
  EXPECT_NE(xml.find("name=\"p99&lt;300ms\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(GateCli, SameDistributionPassesWithExitZero) {
  const fs::path dir = temp_dir();
  write_samples(dir / "base.jsonl", 5, 800, 1.0);
  write_samples(dir / "cand.jsonl", 6, 800, 1.0);
  auto r = run_latbench({"gate", "--baseline", (dir / "base.jsonl").string(), "--candidate",
                         (dir / "cand.jsonl").string(), "--max", "p50=+5%,p95=+10%,errors=+0"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("gate: pass"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(GateCli, BadBudgetAndBadFilesExitTwo) {
  const fs::path dir = temp_dir();
  write_samples(dir / "base.jsonl", 7, 50, 1.0);
  const std::string base = (dir / "base.jsonl").string();
  auto bad = run_latbench({"gate", "--baseline", base, "--candidate", base, "--max", "p95=10"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--max: item 1: 'p95=10': missing unit"), std::string::npos) << bad.err;
  auto no_base = run_latbench({"gate", "--candidate", base, "--max", "p95=+10%"});
  EXPECT_EQ(no_base.exit_code, 2);
  EXPECT_NE(no_base.err.find("need --baseline"), std::string::npos) << no_base.err;
  std::ofstream(dir / "budget.yaml") << "max:\n  p95: +10%\n  p50: soon\n";
  auto yaml = run_latbench({"gate", "--baseline", base, "--candidate", base, "--budget", (dir / "budget.yaml").string()});
  EXPECT_EQ(yaml.exit_code, 2);
  EXPECT_NE(yaml.err.find("budget.yaml:3:3:"), std::string::npos) << yaml.err;
  fs::remove_all(dir);
}

TEST(GateCli, SummariesOnlyAndTooFewRoundsExitFour) {
  const fs::path dir = temp_dir();
  for (auto [name, seed] : {std::pair{"base", 8}, std::pair{"cand", 9}}) {
    latbench::Series s{"total", "ms", write_samples(dir / (std::string(name) + ".jsonl"), seed, 300, 1.0), {}};
    latbench::report::write_json_file(dir / (std::string(name) + ".json"),
                                      latbench::report::summary_document({latbench::stats::summarize(s)}, nlohmann::json::object()));
  }
  auto r = run_latbench({"gate", "--baseline", (dir / "base.json").string(), "--candidate",
                         (dir / "cand.json").string(), "--max", "p95=+10%"});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_NE(r.out.find("summary JSON has no raw samples"), std::string::npos) << r.out;
  auto limit = run_latbench({"gate", "--candidate", (dir / "cand.json").string(), "--max", "p99<10s"});
  EXPECT_EQ(limit.exit_code, 0) << limit.out << limit.err;
  fs::create_directories(dir / "ra");
  fs::create_directories(dir / "rb");
  for (int i = 0; i < 3; ++i) {
    write_samples(dir / "ra" / ("r" + std::to_string(i) + ".jsonl"), 20 + i, 100, 1.0);
    write_samples(dir / "rb" / ("r" + std::to_string(i) + ".jsonl"), 30 + i, 100, 1.0);
  }
  auto rounds = run_latbench({"gate", "--baseline", (dir / "ra").string(), "--candidate",
                              (dir / "rb").string(), "--max", "p50=+5%"});
  EXPECT_EQ(rounds.exit_code, 4) << rounds.out << rounds.err;
  EXPECT_NE(rounds.out.find("needs >= 4 rounds"), std::string::npos) << rounds.out;
  fs::remove_all(dir);
}

TEST(CompareCli, LogsWithFieldAreComparedThroughTheLogReaders) {
  const fs::path dir = temp_dir();
  for (auto [name, scale] : {std::pair{"before.log", 1.0}, std::pair{"after.log", 1.3}}) {
    std::mt19937_64 rng(name[0]);
    std::lognormal_distribution<double> dist(std::log(40.0), 0.3);
    std::ofstream out(dir / name);
    for (int i = 0; i < 400; ++i)
      out << "{\"request_id\":\"r" << i << "\",\"latency_ms\":" << dist(rng) * scale << "}\n";
  }
  auto r = run_latbench({"compare", (dir / "before.log").string(), (dir / "after.log").string(),
                         "--field", "latency_ms", "--format", "jsonl", "--metrics", "p50,mean", "--resamples", "300"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("slower"), std::string::npos) << r.out;
  auto missing = run_latbench({"compare", (dir / "before.log").string(), (dir / "after.log").string(),
                               "--field", "nope_ms", "--format", "jsonl"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no series 'nope_ms'"), std::string::npos) << missing.err;
  fs::remove_all(dir);
}
