// One rule for which requests of a samples.jsonl count in total (docs/samples.md): run's series
// builder, compare's reader and analyze's latbench format give the same series. Expected numbers
// from tests/fixtures/analyze/expected_failures.py (the rule as written, in numpy).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "compare/samples_round.hpp"
#include "app/analyze_logs.hpp"
#include "samples/reader.hpp"
#include "samples/series.hpp"
#include "samples/series_rule.hpp"
#include "common/test_paths.hpp"

using namespace latbench;

namespace {

const std::string k_failures = latbench::test::source_dir() + "/tests/fixtures/analyze/failures.jsonl";

struct Expected {
  std::size_t count;
  double mean;
};
// expected_failures.json
const std::map<std::string, Expected> k_expected{
    {"total", {8, 1272.1625}}, {"dns", {3, 1.2}},  {"connect", {3, 2.1666666666666665}},
    {"upload", {6, 0.3333333333333333}}, {"ttfb", {6, 28.933333333333337}}, {"server_total", {4, 37.9}}};

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

}  // namespace

TEST(SamplesRule, AnswersAndTimeoutsCountInTotalOtherFailuresDoNot) {
  EXPECT_TRUE(samples::sample_role(503, false, false).total);
  EXPECT_TRUE(samples::sample_role(503, false, false).answer);
  EXPECT_TRUE(samples::sample_role(0, true, true).total);
  EXPECT_TRUE(samples::sample_role(0, true, true).connection);
  EXPECT_FALSE(samples::sample_role(0, true, true).answer);
  EXPECT_FALSE(samples::sample_role(0, false, true).total);       // refused, reset, dns, dropped
  EXPECT_FALSE(samples::sample_role(0, false, true).connection);
  EXPECT_FALSE(samples::sample_role(200, false, false).connection);  // a reused connection has no connect
}

TEST(SamplesRule, RunsSeriesBuilderFollowsTheRule) {
  const auto file = samples::read_samples_file(k_failures).take();
  ASSERT_EQ(file.skipped.lines, 0u);
  std::map<std::string, Series> got;
  for (auto& s : samples::samples_to_series(file.samples)) got[s.name] = s;
  for (const auto& [name, e] : k_expected) {
    ASSERT_TRUE(got.count(name)) << name;
    EXPECT_EQ(got[name].values.size(), e.count) << name;
    EXPECT_NEAR(mean_of(got[name].values), e.mean, 1e-9) << name;
  }
  // The left-out requests are counted by error class beside total.
  EXPECT_EQ(got["total"].skipped.lines, 4u);
  EXPECT_EQ(got["total"].skipped.reasons.at("refused"), 1u);
}

TEST(SamplesRule, AnalyzeCountsWhatRunCounts) {
  app::AnalyzeOptions options;
  const auto a = app::analyze_logs({k_failures}, options).take();
  ASSERT_EQ(a.logs.size(), 1u);
  EXPECT_EQ(a.logs[0].format, "latbench");
  std::map<std::string, const stats::Summary*> got;
  for (const auto& s : a.summaries) got[s.name] = &s;
  for (const auto& [name, e] : k_expected) {
    ASSERT_TRUE(got.count(name)) << name;
    EXPECT_EQ(got[name]->all.count, e.count) << name;  // main: total 12 (refused, reset, dns, dropped kept)
    EXPECT_NEAR(got[name]->all.mean, e.mean, 1e-9) << name;
  }
  const auto& left_out = a.logs[0].counts.at("not in total");
  EXPECT_EQ(left_out, (std::map<std::string, std::uint64_t>{{"dns", 1}, {"dropped", 1}, {"refused", 1}, {"reset", 1}}));
  EXPECT_EQ(a.logs[0].counts.at("requests").at("measured"), 12u);
}

TEST(SamplesRule, CompareCountsWhatRunCounts) {
  std::vector<std::string> notes;
  const auto round = compare::read_samples_round(k_failures, "total", notes).take();
  EXPECT_EQ(round.latency.size(), k_expected.at("total").count);
  EXPECT_NEAR(mean_of(round.latency), k_expected.at("total").mean, 1e-9);
  EXPECT_EQ(round.requests, 12u);
}
