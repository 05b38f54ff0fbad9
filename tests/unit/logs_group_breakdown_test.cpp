// --group-by's breakdown: stages in pipeline order (by their times, whatever order the files come
// in), each stage's median, mean and share of the total; the per-request rows in the JSON.
// Expected numbers from tests/fixtures/analyze/chain/make_chain.py (expected.json).
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/test_files.hpp"
#include "app/analyze_logs.hpp"
#include "app/analyze_report.hpp"
#include "common/test_paths.hpp"

using namespace latbench;
using namespace latbench::logs;
using namespace latbench::app;

namespace {

const std::string k_dir = latbench::test::source_dir() + "/tests/fixtures/analyze/chain/";

Analysis analyze_chain() {
  AnalyzeOptions options;
  options.read.format = latbench::test::source_dir() + "/samples/pipeline.format.yaml";
  options.group_by_request = true;
  // As a shell glob hands them over: alphabetical, not the pipeline's order.
  return analyze_logs({k_dir + "chain_decode.log", k_dir + "chain_infer.log", k_dir + "chain_post.log",
                       k_dir + "chain_recv.log"}, options).take();
}

}  // namespace

TEST(LogsGroupBreakdown, StagesComeInPipelineOrderByTheirTimes) {
  const Analysis a = analyze_chain();
  ASSERT_TRUE(a.rows);
  EXPECT_EQ(a.rows->stages, (std::vector<std::string>{"recv", "decode", "infer", "post"}));  // main: decode, infer, post, recv
  EXPECT_TRUE(a.rows->ordered_by_time);
  EXPECT_EQ(a.rows->ids.size(), 20u);
  EXPECT_EQ(a.rows->incomplete, 1u);
}

TEST(LogsGroupBreakdown, MedianMeanAndShareOfEachStage) {
  const Analysis a = analyze_chain();
  const auto expected = nlohmann::json::parse(test::slurp(k_dir + "expected.json"));
  const auto lines = stage_breakdown(*a.rows);
  ASSERT_EQ(lines.size(), expected.at("breakdown").size());
  double shares = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& e = expected.at("breakdown")[i];
    EXPECT_EQ(lines[i].stage, e.at("stage").get<std::string>());
    EXPECT_EQ(lines[i].count, e.at("count").get<std::size_t>()) << lines[i].stage;
    EXPECT_NEAR(lines[i].median, e.at("median").get<double>(), 1e-9) << lines[i].stage;
    EXPECT_NEAR(lines[i].mean, e.at("mean").get<double>(), 1e-9) << lines[i].stage;
    EXPECT_NEAR(lines[i].share_pct, e.at("share_pct").get<double>(), 1e-9) << lines[i].stage;
    if (lines[i].stage != "total") shares += lines[i].share_pct;
  }
  EXPECT_NEAR(shares, 100.0, 1e-9);
  const std::string table = breakdown_table(*a.rows);
  EXPECT_LT(table.find("recv"), table.find("decode"));
  EXPECT_LT(table.find("infer"), table.find("post"));
  EXPECT_NE(table.find("73.8%"), std::string::npos) << table;  // infer's share
}

TEST(LogsGroupBreakdown, JsonCarriesEveryRequestAndTheBreakdown) {
  const Analysis a = analyze_chain();
  const auto expected = nlohmann::json::parse(test::slurp(k_dir + "expected.json"));
  const nlohmann::json doc = analysis_document(a);
  EXPECT_EQ(doc.at("schema"), 1);
  ASSERT_TRUE(doc.contains("series"));
  const auto& requests = doc.at("requests");  // main: no such key
  ASSERT_EQ(requests.size(), 20u);
  std::size_t complete = 0;
  for (const auto& r : requests) {
    const std::string id = r.at("id");
    ASSERT_EQ(r.at("stages").size(), 4u) << id;
    if (expected.at("totals").contains(id)) {
      ++complete;
      EXPECT_NEAR(r.at("total").get<double>(), expected.at("totals").at(id).get<double>(), 1e-9) << id;
      double sum = 0;
      for (const auto& [stage, v] : r.at("stages").items()) sum += v.get<double>();
      EXPECT_NEAR(sum, r.at("total").get<double>(), 1e-9) << id;
    } else {
      EXPECT_EQ(id, "q19");
      EXPECT_TRUE(r.at("total").is_null());
      EXPECT_TRUE(r.at("stages").at("post").is_null());
    }
  }
  EXPECT_EQ(complete, 19u);
  ASSERT_EQ(doc.at("breakdown").size(), 5u);
  EXPECT_EQ(doc.at("breakdown")[0].at("stage"), "recv");
  EXPECT_NEAR(doc.at("breakdown")[2].at("share_pct").get<double>(),
              expected.at("breakdown")[2].at("share_pct").get<double>(), 1e-9);
}
