// compare's Markdown chart: two distributions on the same bins, at most 16 bars, edges without
// float noise. The exact chart for a fixture is the golden file of
// tests/e2e/compare_labels_chart_cli_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "report/mermaid_distributions.hpp"

using latbench::report::mermaid_distributions;
using latbench::report::PlotSeries;

namespace {

PlotSeries series(const std::string& name, std::vector<double> values, const std::string& unit = "ms") {
  PlotSeries s;
  s.name = name;
  s.unit = unit;
  s.values = std::move(values);
  return s;
}

std::string line_of(const std::string& block, const std::string& key) {
  const auto at = block.find("    " + key);
  if (at == std::string::npos) return {};
  return block.substr(at, block.find('\n', at) - at);
}

std::size_t categories(const std::string& block) {
  const std::string axis = line_of(block, "x-axis");
  std::size_t quotes = 0;
  for (char c : axis) quotes += c == '"';
  return quotes / 2 - 1;  // the axis title is quoted too
}

}  // namespace

TEST(ReportMermaidDistributions, AWideSpreadStillGetsAtMostSixteenBars) {
  std::vector<double> a, b;
  for (int i = 0; i < 1000; ++i) {
    a.push_back(1 + i * 0.997);
    b.push_back(3 + i * 1.013);
  }
  const std::string block = mermaid_distributions("total", series("a", a), series("b", b));
  ASSERT_FALSE(block.empty());
  EXPECT_LE(categories(block), 16u) << block;
  EXPECT_GE(categories(block), 8u) << block;
  EXPECT_NE(line_of(block, "bar [").size(), 0u) << block;
  EXPECT_NE(line_of(block, "line [").size(), 0u) << block;
}

TEST(ReportMermaidDistributions, SubMillisecondEdgesCarryNoFloatNoise) {
  std::vector<double> a, b;
  for (int i = 0; i < 100; ++i) {
    a.push_back(0.1 + i * 0.003);
    b.push_back(0.12 + i * 0.003);
  }
  const std::string block = mermaid_distributions("connect", series("a", a), series("b", b));
  const std::string axis = line_of(block, "x-axis");
  EXPECT_NE(axis.find("connect (us)"), std::string::npos) << axis;
  EXPECT_EQ(axis.find("0000"), std::string::npos) << axis;
  EXPECT_EQ(axis.find("9999"), std::string::npos) << axis;
  EXPECT_NE(axis.find("\"100-"), std::string::npos) << axis;
}

TEST(ReportMermaidDistributions, NothingToDrawWithoutValuesOrWithDifferentUnits) {
  EXPECT_EQ(mermaid_distributions("total", series("a", {}), series("b", {1, 2})), "");
  EXPECT_EQ(mermaid_distributions("total", series("a", {1, 2}), series("b", {1, 2}, "bytes")), "");
  // One value on each side: one bar, whole shares.
  const std::string one = mermaid_distributions("total", series("a", {5}), series("b", {5}));
  EXPECT_EQ(line_of(one, "bar ["), "    bar [100]") << one;
  EXPECT_EQ(line_of(one, "line ["), "    line [100]") << one;
}
