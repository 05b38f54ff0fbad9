// analyze --group-by request_id end to end: the breakdown table in pipeline order on the terminal
// and every request in --export-json, for four service logs handed over in glob order.
// Expected numbers: tests/fixtures/analyze/chain/expected.json (make_chain.py).
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

TEST(AnalyzeGroupCli, BreakdownTableInPipelineOrderAndRequestsInTheJson) {
  const std::string dir = latbench::test::source_dir() + "/tests/fixtures/analyze/chain/";
  const auto tmp = make_temp_dir("latbench-group");
  auto r = run_latbench({"analyze", dir + "chain_decode.log", dir + "chain_infer.log", dir + "chain_post.log",
                         dir + "chain_recv.log", "--format", latbench::test::source_dir() + "/samples/pipeline.format.yaml",
                         "--group-by", "request_id", "--export-json", tmp + "/g.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto at = r.out.find("where the time goes (stages in pipeline order");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string table = r.out.substr(at, r.out.find("\n\n", at) - at);
  // stage  requests  median  mean  share of total: recv, decode, infer, post, total.
  // The heading wraps within 100 columns.
  EXPECT_THAT(table, HasSubstr("share of the summed total of the 19\n  complete requests)"));
  const auto recv = table.find("\nrecv"), decode = table.find("\ndecode"), infer = table.find("\ninfer"),
             post = table.find("\npost"), total = table.find("\ntotal");
  ASSERT_NE(total, std::string::npos) << table;
  EXPECT_LT(recv, decode);
  EXPECT_LT(decode, infer);
  EXPECT_LT(infer, post);
  EXPECT_LT(post, total);
  EXPECT_THAT(table, HasSubstr("48.2ms"));  // infer's median 48.25 (format_ms: 3 significant digits)
  EXPECT_THAT(table, HasSubstr("73.8%"));
  EXPECT_THAT(table, HasSubstr("100.0%"));

  const auto doc = nlohmann::json::parse(slurp(tmp + "/g.json"));
  const auto want = nlohmann::json::parse(slurp(dir + "expected.json"));
  ASSERT_EQ(doc.at("requests").size(), want.at("requests").get<std::size_t>());
  for (const auto& req : doc.at("requests")) {
    const std::string id = req.at("id");
    if (want.at("totals").contains(id))
      EXPECT_NEAR(req.at("total").get<double>(), want.at("totals").at(id).get<double>(), 1e-9) << id;
    else
      EXPECT_TRUE(req.at("total").is_null()) << id;
  }
}
