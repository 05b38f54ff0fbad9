// The gate's promises: no more false alarms than alpha on identical distributions, a real
// regression beyond the budget fails, and what cannot be decided is said to be undecided.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/planted_round.hpp"
#include "compare/gate.hpp"
#include "compare/gate_report.hpp"

namespace cmp = latbench::compare;

using latbench::test::round_of;

namespace {

cmp::Source recording(std::uint64_t seed, std::size_t n, double scale, std::size_t errors = 0) {
  cmp::Source s;
  s.label = "s" + std::to_string(seed);
  s.rounds.push_back(round_of(seed, n, scale, errors));
  return s;
}

cmp::Source rounds(std::uint64_t seed, std::size_t count, double scale) {
  cmp::Source s;
  s.label = "r" + std::to_string(seed);
  for (std::size_t i = 0; i < count; ++i) s.rounds.push_back(round_of(seed + i, 100, scale));
  return s;
}

cmp::Source summary_source(double p99) {
  cmp::Source s;
  s.label = "summary.json";
  latbench::stats::Summary sum;
  sum.name = "total";
  sum.unit = "ms";
  sum.all.count = 1000;
  sum.all.percentiles.p50 = 40;
  sum.all.percentiles.p99 = p99;
  s.summary = sum;
  return s;
}

std::vector<cmp::BudgetItem> budget(const char* text) { return cmp::parse_budget(text, "--max").take(); }

cmp::GateOptions fast_gate() {
  cmp::GateOptions o;
  o.resamples = 400;
  return o;
}

}  // namespace

TEST(CompareGate, FalsePositiveRateOnIdenticalDistributionsStaysAtOrBelowAlpha) {
  // The harshest budget: no slack at all (+0%), so every item sits exactly on its null.
  const auto items = budget("p50=+0%,p95=+0%,mean=+0%,errors=+0");
  int failures = 0;
  for (std::uint64_t t = 0; t < 200; ++t) {
    const cmp::Source a = recording(10000 + 2 * t, 100, 1.0, t % 3);
    const cmp::Source b = recording(10001 + 2 * t, 100, 1.0, (t / 3) % 3);
    cmp::GateOptions o;
    o.resamples = 800;  // smallest p 1/801: 4 items x 1/801 < alpha, so a failure is possible
    o.seed = t;
    failures += cmp::gate_exit_code(cmp::evaluate_gate(&a, b, items, o)) == 1;
  }
  RecordProperty("false_positives", failures);
  EXPECT_LE(failures, 2);  // alpha 0.01 of 200 trials
}

TEST(CompareGate, RegressionBeyondBudgetFails) {
  const cmp::Source a = recording(1, 2000, 1.0), b = recording(2, 2000, 1.25);
  auto r = cmp::evaluate_gate(&a, b, budget("p50=+5%,p95=+10%"), fast_gate());
  EXPECT_EQ(cmp::gate_exit_code(r), 1);
  EXPECT_EQ(r.checks[0].status, cmp::CheckStatus::fail);
  EXPECT_EQ(r.checks[0].test, "bootstrap");
  EXPECT_NEAR(*r.checks[0].change, 25.0, 5.0);
}

TEST(CompareGate, ShiftWithinBudgetPasses) {
  const cmp::Source a = recording(3, 2000, 1.0), b = recording(4, 2000, 1.05);
  auto r = cmp::evaluate_gate(&a, b, budget("p50=+20%,mean=+20%,p99<500ms"), fast_gate());
  EXPECT_EQ(cmp::gate_exit_code(r), 0);
  for (const auto& c : r.checks) EXPECT_EQ(c.status, cmp::CheckStatus::pass) << c.item.text;
}

TEST(CompareGate, NewErrorsFailAZeroErrorBudget) {
  const cmp::Source a = recording(5, 1000, 1.0, 0), b = recording(6, 1000, 1.0, 25);
  auto r = cmp::evaluate_gate(&a, b, budget("errors=+0"), fast_gate());
  EXPECT_EQ(r.checks[0].status, cmp::CheckStatus::fail);
  EXPECT_EQ(r.checks[0].test, "2-prop z");
}

TEST(CompareGate, RoundsUseUAgainstTheBudgetEdge) {
  const cmp::Source a = rounds(100, 8, 1.0), b = rounds(200, 8, 1.30);
  auto r = cmp::evaluate_gate(&a, b, budget("p50=+10%,throughput=-5%"), fast_gate());
  EXPECT_EQ(r.checks[0].test, "U exact");
  EXPECT_EQ(r.checks[0].status, cmp::CheckStatus::fail);
  EXPECT_EQ(r.checks[1].status, cmp::CheckStatus::fail);  // durations scale with latency
  auto ok = cmp::evaluate_gate(&a, b, budget("p50=+60%"), fast_gate());
  EXPECT_EQ(cmp::gate_exit_code(ok), 0);
}

TEST(CompareGate, TooFewRoundsIsUndecided) {
  const cmp::Source a = rounds(100, 3, 1.0), b = rounds(200, 3, 2.0);
  auto r = cmp::evaluate_gate(&a, b, budget("p50=+5%"), fast_gate());
  EXPECT_EQ(cmp::gate_exit_code(r), 4);
  EXPECT_EQ(r.checks[0].detail, "needs >= 4 rounds per side to decide (has 3 and 3)");
}

TEST(CompareGate, SummariesCheckLimitsAsMeasuredAndCannotTestBudgets) {
  const cmp::Source base = summary_source(200), cand = summary_source(350);
  auto limits = cmp::evaluate_gate(nullptr, cand, budget("p99<300ms"), fast_gate());
  EXPECT_EQ(cmp::gate_exit_code(limits), 1);
  EXPECT_EQ(limits.checks[0].test, "value");
  auto within = cmp::evaluate_gate(nullptr, cand, budget("p99<400ms"), fast_gate());
  EXPECT_EQ(cmp::gate_exit_code(within), 0);
  auto relative = cmp::evaluate_gate(&base, cand, budget("p99=+10%"), fast_gate());
  EXPECT_EQ(cmp::gate_exit_code(relative), 4);
  EXPECT_EQ(relative.checks[0].status, cmp::CheckStatus::undecided);
}

TEST(CompareGate, LimitOnSamplesNeedsSignificance) {
  // p99 of this lognormal is about 90ms: a 60ms limit is clearly broken, 89ms is too close to call.
  const cmp::Source cand = recording(7, 3000, 1.0);
  EXPECT_EQ(cmp::gate_exit_code(cmp::evaluate_gate(nullptr, cand, budget("p99<60ms"), fast_gate())), 1);
  EXPECT_EQ(cmp::gate_exit_code(cmp::evaluate_gate(nullptr, cand, budget("p99<500ms"), fast_gate())), 0);
}

TEST(CompareGateReport, JunitEscapesAndCountsFailures) {
  const cmp::Source a = recording(1, 2000, 1.0), b = recording(2, 2000, 1.25);
  auto r = cmp::evaluate_gate(&a, b, budget("p50=+5%,p99<10s"), fast_gate());
  const std::string xml = cmp::gate_junit(r, {"base<&>\"'", "cand\x01", 0.01, 1});
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"p99&lt;10s\""), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(cmp::xml_escape("a<b&c>\"d'"), "a&lt;b&amp;c&gt;&quot;d&apos;");
}

TEST(CompareGateReport, MarkdownTableRowsHaveEqualColumns) {
  const cmp::Source a = recording(1, 500, 1.0), b = recording(2, 500, 1.0);
  auto r = cmp::evaluate_gate(&a, b, budget("p50=+5%,p99<300ms,errors=+0"), fast_gate());
  const std::string md = cmp::gate_markdown(r, {"a|b", "c", 0.01, 0});
  std::size_t rows = 0;
  std::size_t pos = 0;
  while ((pos = md.find("\n|", pos)) != std::string::npos) {
    const std::size_t end = md.find('\n', pos + 1);
    const std::string line = md.substr(pos + 1, end - pos - 1);
    std::size_t pipes = 0;
    for (std::size_t i = 0; i < line.size(); ++i) pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    EXPECT_EQ(pipes, 8u) << line;
    ++rows;
    pos = end;
  }
  EXPECT_EQ(rows, 5u);  // header, separator, 3 checks
}
