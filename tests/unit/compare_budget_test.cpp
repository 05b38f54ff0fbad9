#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compare/budget.hpp"

namespace cmp = latbench::compare;
using Kind = cmp::BudgetItem::Kind;
using Op = cmp::BudgetItem::Op;

namespace {

std::string error_of(std::string_view text) {
  auto r = cmp::parse_budget(text, "--max");
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.error().what();
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST(CompareBudget, ParsesTheIssueExample) {
  auto items = cmp::parse_budget("p50=+5%,p95=+10%,errors=+0", "--max").take();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].metric, cmp::Metric::p50);
  EXPECT_EQ(items[0].kind, Kind::relative);
  EXPECT_DOUBLE_EQ(items[0].amount, 5);
  EXPECT_EQ(items[1].metric, cmp::Metric::p95);
  EXPECT_DOUBLE_EQ(items[1].amount, 10);
  EXPECT_EQ(items[2].metric, cmp::Metric::error_rate);
  EXPECT_DOUBLE_EQ(items[2].amount, 0);
  EXPECT_TRUE(items[2].needs_baseline());
}

TEST(CompareBudget, ParsesLimitsDeltasAndThroughput) {
  auto items = cmp::parse_budget(" p99<300ms , p95<=1.5s, mean=+3ms, errors<1%, throughput>=50/s, "
                                 "throughput=-5%, errors=+0.5%",
                                 "--max")
                   .take();
  ASSERT_EQ(items.size(), 7u);
  EXPECT_EQ(items[0].kind, Kind::limit);
  EXPECT_EQ(items[0].op, Op::lt);
  EXPECT_DOUBLE_EQ(items[0].amount, 300);
  EXPECT_EQ(items[1].op, Op::le);
  EXPECT_DOUBLE_EQ(items[1].amount, 1500);
  EXPECT_EQ(items[2].kind, Kind::delta);
  EXPECT_DOUBLE_EQ(items[2].amount, 3);
  EXPECT_EQ(items[3].metric, cmp::Metric::error_rate);
  EXPECT_DOUBLE_EQ(items[3].amount, 1);
  EXPECT_EQ(items[4].op, Op::ge);
  EXPECT_DOUBLE_EQ(items[4].amount, 50);
  EXPECT_EQ(items[5].kind, Kind::relative);
  EXPECT_DOUBLE_EQ(items[5].amount, 5);
  EXPECT_DOUBLE_EQ(items[6].amount, 0.5);  // percentage points for error rates
  EXPECT_FALSE(items[0].needs_baseline());
  EXPECT_EQ(items[0].text, "p99<300ms");
}

TEST(CompareBudget, ErrorsNameTheItemAndWhatWasExpected) {
  EXPECT_EQ(error_of("p50=+5%,p95=10"),
            "--max: item 2: 'p95=10': missing unit: write a share (+5%) or a duration (+5ms)");
  EXPECT_EQ(error_of("p77=+5%"),
            "--max: item 1: 'p77=+5%': unknown metric 'p77' (expected one of: shift, p50, p90, p95, p99, "
            "mean, tmean, sd, errors, throughput)");
  EXPECT_EQ(error_of("p50=-5%"),
            "--max: item 1: 'p50=-5%': a budget is how much worse p50 may get, and worse is up: write +5%");
  EXPECT_EQ(error_of("p99<fast"),
            "--max: item 1: 'p99<fast': expected a duration after the comparison, e.g. p99<300ms");
  EXPECT_EQ(error_of("p50=+5%,,p95=+1%"), "--max: item 2 is empty (expected e.g. 'p50=+5%,p99<300ms')");
  EXPECT_EQ(error_of("p95"),
            "--max: item 1: 'p95': expected METRIC=+N% (budget) or METRIC<VALUE (limit), e.g. "
            "p95=+10% or p99<300ms");
  EXPECT_EQ(error_of("errors=+x"),
            "--max: item 1: 'errors=+x': expected the allowed rise of the error rate in percentage "
            "points, e.g. +0 or +0.5%");
}

TEST(CompareBudget, YamlFileWithMaxAndLimits) {
  auto path = write_temp("latbench-budget-ok.yaml",
                         "# CI budget\nmax:\n  p50: +5%\n  errors: +0\nlimits:\n  - p99<300ms\n");
  auto items = cmp::load_budget_file(path).take();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].text, "p50=+5%");
  EXPECT_EQ(items[1].metric, cmp::Metric::error_rate);
  EXPECT_EQ(items[2].kind, Kind::limit);
}

TEST(CompareBudget, YamlErrorsNameFileLineAndColumn) {
  auto path = write_temp("latbench-budget-bad.yaml", "max:\n  p50: +5%\n  p95: fast\n");
  auto r = cmp::load_budget_file(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(std::string(r.error().what()),
            path.string() + ":3:3: 'p95=fast': expected a change like +10% or +5ms after '='");
  auto typo = write_temp("latbench-budget-typo.yaml", "maximum:\n  p50: +5%\n");
  auto r2 = cmp::load_budget_file(typo);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(std::string(r2.error().what()),
            typo.string() + ":1:1: unknown key 'maximum' (expected 'max' or 'limits')");
  auto broken = write_temp("latbench-budget-broken.yaml", "max: [p50\n");
  auto r3 = cmp::load_budget_file(broken);
  ASSERT_FALSE(r3.ok());
  EXPECT_NE(std::string(r3.error().what()).find(broken.string() + ":"), std::string::npos);
}

TEST(CompareBudget, ShiftTakesAShareOrADurationButNoLimit) {
  auto items = cmp::parse_budget("shift=+5%,shift=+20ms", "--max").take();
  EXPECT_EQ(items[0].metric, cmp::Metric::shift);
  EXPECT_EQ(items[0].kind, cmp::BudgetItem::Kind::relative);
  EXPECT_DOUBLE_EQ(items[0].amount, 5);
  EXPECT_EQ(items[1].kind, cmp::BudgetItem::Kind::delta);
  EXPECT_DOUBLE_EQ(items[1].amount, 20);
  EXPECT_EQ(error_of("shift<5ms"),
            "--max: item 1: 'shift<5ms': shift is a change against the baseline, not a value of the candidate: "
            "give a budget like shift=+5% or shift=+20ms");
}

TEST(CompareBudget, LatencyLimitsNeedAUnitAsEveryDurationDoes) {
  // "p95<300" used to mean 300 of the series' unit, while "--timeout 5" was refused.
  EXPECT_EQ(error_of("p95<300"), "--max: item 1: 'p95<300': missing unit: write a duration, e.g. p95<300ms");
  EXPECT_EQ(error_of("errors<1%,p99>=2.5"),
            "--max: item 2: 'p99>=2.5': missing unit: write a duration, e.g. p99>=2.5ms");
  auto ok = cmp::parse_budget("p95<300ms,p99<1.5s,throughput>50,errors<1", "--max");
  ASSERT_TRUE(ok.ok()) << ok.error().what();
  EXPECT_DOUBLE_EQ((*ok)[1].amount, 1500.0);
}
