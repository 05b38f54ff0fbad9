// compare's --label names each source in the table header and every export, and its Markdown
// export draws the two distributions on the same bins (Mermaid). The samples files and the
// expected chart come from tests/fixtures/compare/distributions_chart.py, which computes the bins
// and shares on its own.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "common/test_files.hpp"
#include "process.hpp"
#include "common/test_paths.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using latbench::test::slurp;

namespace {

const std::string k_chart_fixtures = latbench::test::fixtures_dir() + "/compare/";

// The first ```mermaid block of `markdown`, fences included; empty when there is none.
std::string first_mermaid_block(const std::string& markdown) {
  const auto start = markdown.find("```mermaid\n");
  if (start == std::string::npos) return {};
  const auto end = markdown.find("```\n", start + 11);
  if (end == std::string::npos) return {};
  return markdown.substr(start, end + 4 - start);
}

}  // namespace

TEST(CompareLabels, LabelsNameTheSourcesInTheTableAndEveryExport) {
  const std::string dir = make_temp_dir("latbench-compare-labels");
  auto r = run_latbench({"compare", k_chart_fixtures + "chart_base.jsonl", k_chart_fixtures + "chart_cand.jsonl", "--label",
                         "wifi", "--label", "lte", "--export-json", dir + "/c.json", "--export-csv", dir + "/c.csv",
                         "--export-markdown", dir + "/c.md"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("wifi (base)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lte vs wifi"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("chart_base.jsonl"), std::string::npos) << "the label replaces the file name: " << r.out;
  const auto doc = nlohmann::json::parse(slurp(dir + "/c.json"));
  EXPECT_EQ(doc["comparisons"][0]["baseline"], "wifi");
  EXPECT_EQ(doc["comparisons"][0]["candidate"], "lte");
  const std::string csv = slurp(dir + "/c.csv");
  EXPECT_NE(csv.find("wifi,lte,"), std::string::npos) << csv;
  const std::string md = slurp(dir + "/c.md");
  EXPECT_NE(md.find("### `lte` vs `wifi` (baseline)"), std::string::npos) << md;
  EXPECT_NE(md.find("| metric | wifi | lte |"), std::string::npos) << md;
}

TEST(CompareLabels, OneLabelPerSourceOrExitTwo) {
  auto r = run_latbench({"compare", k_chart_fixtures + "chart_base.jsonl", k_chart_fixtures + "chart_cand.jsonl", "--label",
                         "wifi"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--label: 1 label for 2 sources"), std::string::npos) << r.err;
}

TEST(CompareMarkdownChart, BothDistributionsOnTheSameBinsMatchTheGoldenFile) {
  const std::string dir = make_temp_dir("latbench-compare-chart");
  auto r = run_latbench({"compare", k_chart_fixtures + "chart_base.jsonl", k_chart_fixtures + "chart_cand.jsonl", "--label",
                         "wifi", "--label", "lte", "--export-markdown", dir + "/c.md"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string md = slurp(dir + "/c.md");
  const std::string chart = first_mermaid_block(md);
  ASSERT_FALSE(chart.empty()) << md;
  EXPECT_EQ(chart, slurp(k_chart_fixtures + "distributions_chart.golden.md"));
  // After the comparison's table, before the legend line.
  EXPECT_LT(md.find("| p50 |"), md.find("```mermaid")) << md;
  EXPECT_LT(md.find("```mermaid"), md.find("intervals. A change counts")) << md;
}
