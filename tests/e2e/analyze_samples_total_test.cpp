// One samples.jsonl, one total: analyze and compare read a file with refused / reset / dns /
// dropped / timeout / http_4xx / http_5xx lines and count the same requests in total as run's
// summary does (docs/samples.md). Expected: tests/fixtures/analyze/expected_failures.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/test_files.hpp"
#include "process.hpp"
#include "common/test_paths.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using latbench::test::slurp;
using ::testing::HasSubstr;

namespace {
const std::string k_analyze_fixtures = latbench::test::source_dir() + "/tests/fixtures/analyze/";
}

TEST(AnalyzeSamplesTotal, AnalyzeAndCompareCountTheSameRequests) {
  const auto want = nlohmann::json::parse(slurp(k_analyze_fixtures + "expected_failures.json"));
  const auto dir = make_temp_dir("latbench-total");
  auto a = run_latbench({"analyze", k_analyze_fixtures + "failures.jsonl", "--export-json", dir + "/a.json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_THAT(a.out, HasSubstr("not in total: "));
  // Notes wrap within 100 columns: compare the words, not the line breaks.
  std::string words = a.out;
  for (std::size_t at; (at = words.find("\n  ")) != std::string::npos;) words.replace(at, 3, " ");
  EXPECT_THAT(words, HasSubstr("4 requests without an HTTP answer (not timeouts) are left out of total"));
  const auto doc = nlohmann::json::parse(slurp(dir + "/a.json"));
  std::size_t analyze_total = 0;
  double analyze_mean = 0;
  for (const auto& s : doc.at("series"))
    if (s.at("name") == "total") analyze_total = s.at("count"), analyze_mean = s.at("mean");
  EXPECT_EQ(analyze_total, want.at("total").at("count").get<std::size_t>());  // main: 12
  EXPECT_NEAR(analyze_mean, want.at("total").at("mean").get<double>(), 1e-9);

  auto c = run_latbench({"compare", k_analyze_fixtures + "failures.jsonl", k_analyze_fixtures + "failures.jsonl", "--export-json", dir + "/c.json"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const auto cmp = nlohmann::json::parse(slurp(dir + "/c.json"));
  nlohmann::json p50;
  for (const auto& m : cmp.at("comparisons").at(0).at("metrics"))
    if (m.at("metric") == "p50") p50 = m;
  ASSERT_FALSE(p50.is_null()) << cmp.dump();
  EXPECT_EQ(p50.at("baseline").at("n").get<std::size_t>(), analyze_total);
  EXPECT_NEAR(p50.at("baseline").at("value").get<double>(), want.at("total").at("median").get<double>(), 1e-9);
}
