#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "report/json_export.hpp"
#include "report/summary_table.hpp"

using namespace latbench;

namespace {

stats::Summary fixture_summary(bool trim) {
  Series s{"total", "ms", {1467, 1502, 1389, 1420, 5002, 1455, 1398, 1410, 1467, 1512}, {}};
  s.skipped.add("not a number", 7);
  stats::SummaryOptions options;
  if (trim) options.trim = *stats::parse_trim("2");
  return stats::summarize(s, options);
}

std::filesystem::path temp_file(const char* name) {
  return std::filesystem::temp_directory_path() / (std::string("latbench-") + name);
}

}  // namespace

TEST(ReportJsonExport, DocumentHasTheSchemaKeys) {
  auto doc = report::summary_document({fixture_summary(true)}, {{"run", {{"requests", 10}}}});
  EXPECT_EQ(doc["tool"], "latbench");
  EXPECT_EQ(doc["schema"], 1);
  EXPECT_EQ(doc["run"]["requests"], 10);
  const auto& s = doc["series"][0];
  for (const char* key : {"name", "unit", "count", "min", "max", "mean", "median", "mode", "sd",
                          "sd_population", "percentiles", "trimmed", "histogram", "skipped"})
    EXPECT_TRUE(s.contains(key)) << key;
  for (const char* key : {"p50", "p90", "p95", "p99", "p99.9"}) EXPECT_TRUE(s["percentiles"].contains(key)) << key;
  EXPECT_EQ(s["trimmed"]["low"], 2);
  EXPECT_EQ(s["trimmed"]["count"], 6);
  EXPECT_EQ(s["skipped"]["lines"], 1);
  EXPECT_EQ(s["skipped"]["reasons"]["not a number"], 1);
  // mean of the 10 values by hand: 18022 / 10
  EXPECT_DOUBLE_EQ(s["mean"].get<double>(), 1802.2);
}

TEST(ReportJsonExport, EmptySeriesHasNullsNotNaN) {
  auto doc = report::summary_document({stats::summarize(Series{"ttfb", "ms", {}, {}})}, {});
  std::string text = doc.dump();
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_TRUE(doc["series"][0]["mean"].is_null());
  EXPECT_EQ(doc["series"][0]["count"], 0);
}

TEST(ReportJsonExport, WrittenDocumentReadsBackTheSameStatistics) {
  auto path = temp_file("roundtrip.json");
  auto original = fixture_summary(true);
  report::write_json_file(path, report::summary_document({original}, {}));
  auto back = report::read_summary_document(path);
  ASSERT_TRUE(back.ok()) << back.error().what();
  ASSERT_EQ(back->size(), 1u);
  const auto& s = (*back)[0];
  EXPECT_EQ(s.name, "total");
  EXPECT_EQ(s.all.count, original.all.count);
  EXPECT_DOUBLE_EQ(s.all.percentiles.p95, original.all.percentiles.p95);
  ASSERT_TRUE(s.trimmed.has_value());
  EXPECT_DOUBLE_EQ(s.trimmed->mean, original.trimmed->mean);
  EXPECT_EQ(s.histogram.counts, original.histogram.counts);
  std::filesystem::remove(path);
}

TEST(ReportJsonExport, ReadingBadDocumentsNamesFileAndKey) {
  auto path = temp_file("bad.json");
  {
    std::ofstream(path) << R"({"tool":"latbench","schema":1,"series":[{"name":"total","unit":"ms"}]})";
  }
  auto r = report::read_summary_document(path);
  ASSERT_FALSE(r.ok());
  std::string message = r.error().what();
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("count"), std::string::npos) << message;
  {
    std::ofstream(path) << "{not json";
  }
  EXPECT_FALSE(report::read_summary_document(path).ok());
  std::filesystem::remove(path);
  EXPECT_FALSE(report::read_summary_document(path).ok());
}

TEST(ReportSummaryTable, ShowsTrimmedColumnsBesideUntrimmed) {
  std::string table = report::summary_table({fixture_summary(true)});
  EXPECT_NE(table.find("series"), std::string::npos);
  EXPECT_NE(table.find("trimmed"), std::string::npos);
  EXPECT_NE(table.find("2+2"), std::string::npos);
  EXPECT_NE(table.find("1.39s"), std::string::npos);  // min 1389 ms
}

TEST(ReportSummaryTable, EmptySeriesSaysNoData) {
  std::string table = report::summary_table({stats::summarize(Series{"ttfb", "ms", {}, {}})});
  EXPECT_NE(table.find("no data"), std::string::npos);
  EXPECT_EQ(table.find("nan"), std::string::npos);
}

TEST(ReportSummaryTable, LargeAndIntegralValuesPrintWhole) {
  EXPECT_EQ(report::format_value(185312, "bytes"), "185312");
  EXPECT_EQ(report::format_value(47.2853, "bytes"), "47.29");
  EXPECT_EQ(report::format_value(3, ""), "3");
  EXPECT_EQ(report::format_value(41.23, "ms"), "41.2ms");
}
