// latbench analyze end to end: the real binary on the samples and on broken input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.hpp"
#include "common/series_named.hpp"
#include "common/test_files.hpp"
#include "common/test_paths.hpp"

using latbench::test::slurp;
using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

using latbench::test::sample;
using latbench::test::series_named;


}  // namespace

TEST(AnalyzeCli, Esp32SampleTableAndSkips) {
  auto r = run_latbench({"analyze", sample("esp32.log"), "--trim", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("esp32 format"));
  EXPECT_THAT(r.out, HasSubstr("incomplete block 1; first at line 112"));
  EXPECT_THAT(r.out, HasSubstr("timeout 1"));
  EXPECT_THAT(r.out, HasSubstr("trimmed"));
  EXPECT_THAT(r.out, Not(HasSubstr("nan")));
}

TEST(AnalyzeCli, ExportJsonCarriesExactAndTrimmedStatistics) {
  const auto dir = make_temp_dir("latbench-analyze");
  const std::string json = dir + "/out.json", csv = dir + "/out.csv";
  auto r = run_latbench({"analyze", sample("esp32.log"), "--trim", "3", "--export-json", json, "--export-csv", csv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(doc.at("schema"), 1);
  const auto& total = series_named(doc, "total");
  // From tests/fixtures/analyze/expected_stats.py (esp32.total).
  EXPECT_EQ(total.at("count"), 11);
  EXPECT_NEAR(total.at("mean").get<double>(), 1779.909090909091, 1e-9);
  EXPECT_NEAR(total.at("sd").get<double>(), 1071.4550344783913, 1e-9);
  EXPECT_NEAR(total.at("sd_population").get<double>(), 1021.5922914339925, 1e-9);
  EXPECT_NEAR(total.at("trimmed").at("mean").get<double>(), 1453.2, 1e-9);
  EXPECT_TRUE(total.at("median_ci95").is_object());
  EXPECT_EQ(total.at("skipped").at("reasons").at("incomplete block"), 1);
  EXPECT_EQ(doc.at("analyze").at("logs").at(0).at("counts").at("error").at("timeout"), 1);
  const std::string table = slurp(csv);
  EXPECT_TRUE(table.starts_with("series,unit,count,min,max,mean")) << table;
  EXPECT_THAT(table, HasSubstr("\ntotal,ms,11,1378,5003,"));
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, StdinAndGzipReadTheSameRecords) {
  const std::string text = slurp(sample("ultralytics.log"));
  auto from_stdin = run_latbench({"analyze", "-"}, std::chrono::seconds(60), text);
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_THAT(from_stdin.out, HasSubstr("ultralytics format, 38 lines, 12 records"));

  const auto dir = make_temp_dir("latbench-analyze");
  const std::string gz = dir + "/ul.log.gz";
  gzFile f = gzopen(gz.c_str(), "wb");
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  auto from_gz = run_latbench({"analyze", gz});
  ASSERT_EQ(from_gz.exit_code, 0) << from_gz.err;
  EXPECT_THAT(from_gz.out, HasSubstr("ultralytics format, 38 lines, 12 records"));
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, BinaryJunkIsSkippedByReasonNeverACrash) {
  const auto dir = make_temp_dir("latbench-analyze");
  const std::string path = dir + "/junk.log";
  std::string bytes = slurp(sample("esp32.log"));
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 256);  // NULs, high bytes, no newline for long
  bytes.insert(bytes.size() / 2, "\n" + junk + "\n");
  bytes += "\xff\xfe broken utf8\r\n" + std::string(2u << 20, 'x') + "\nTotal Time";
  std::ofstream(path, std::ios::binary) << bytes;
  auto r = run_latbench({"analyze", path, "--format", "esp32"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("NUL byte"));
  EXPECT_THAT(r.out, HasSubstr("invalid UTF-8"));
  EXPECT_THAT(r.out, HasSubstr("line too long"));
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, UnknownFormatNamesFileAndFormatsTried) {
  auto r = run_latbench({"analyze", sample("pipeline.format.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("pipeline.format.yaml: matches no known log format"));
  EXPECT_THAT(r.err, HasSubstr("esp32, ultralytics, uvicorn, latbench, jsonl, nginx, apache, csv"));
}

TEST(AnalyzeCli, BadInputsAndOptionsExit2WithAClearMessage) {
  const auto dir = make_temp_dir("latbench-analyze");
  std::ofstream(dir + "/empty.log").close();
  struct Case { std::vector<std::string> args; std::string expect; };
  for (const Case& c : std::vector<Case>{
           {{"analyze", dir + "/missing.log"}, "missing.log: cannot open"},
           {{"analyze", dir + "/empty.log"}, "empty.log: is empty"},
           {{"analyze", sample("esp32.log"), "--trim", "lots"}, "--trim"},
           {{"analyze", sample("esp32.log"), "--buckets", "5,1"}, "--buckets"},
           {{"analyze", sample("esp32.log"), "--format", "syslog"}, "known: esp32"},
           {{"analyze", sample("esp32.log"), "--join", sample("ultralytics.log"), "--streaming"}, "--streaming"},
           {{"analyze", sample("esp32.log"), "--join", sample("ultralytics.log"), "--on", "request_id"}, "no request ids"},
           {{"analyze", sample("esp32.log"), "--group-by", "request_id"}, "no request ids"},
       }) {
    auto r = run_latbench(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args.back() << "\n" << r.out;
    EXPECT_THAT(r.err, HasSubstr(c.expect));
    EXPECT_TRUE(r.err.starts_with("latbench: error: ")) << r.err;
  }
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, JoinGroupByAndUserFormat) {
  auto join = run_latbench({"analyze", sample("esp32.log"), "--join", sample("ultralytics.log")});
  ASSERT_EQ(join.exit_code, 0) << join.err;
  EXPECT_THAT(join.out, HasSubstr("network_overhead"));
  EXPECT_THAT(join.out, HasSubstr("11 pairs"));

  const auto dir = make_temp_dir("latbench-analyze");
  auto group = run_latbench({"analyze", sample("pipeline.log"), "--format", sample("pipeline.format.yaml"), "--group-by",
                             "request_id", "--export-rows", dir + "/rows.csv"});
  ASSERT_EQ(group.exit_code, 0) << group.err;
  EXPECT_THAT(group.out, HasSubstr("share_infer"));
  EXPECT_THAT(slurp(dir + "/rows.csv"), HasSubstr("\"ab12\",4.2,43.1,1.9,49.2,8.54,87.60,3.86"));
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, StreamingSaysWhatIsApproximate) {
  auto r = run_latbench({"analyze", sample("esp32.log"), "--streaming", "--trim", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("streaming mode"));
  EXPECT_THAT(r.out, HasSubstr("0.39%"));
  EXPECT_THAT(r.out, HasSubstr("1.78s"));  // exact mean 1779.9 ms
}

TEST(AnalyzeCli, UvicornWithoutTimingSaysSoAndFlagsNoise) {
  auto r = run_latbench({"analyze", sample("uvicorn.log")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("no timed series"));
  EXPECT_THAT(r.out, HasSubstr("are not the workload"));
  EXPECT_THAT(r.out, Not(HasSubstr("nan")));
}

TEST(AnalyzeCli, ExplicitBucketsGiveTheHistogramCounts) {
  const auto dir = make_temp_dir("latbench-analyze");
  auto r = run_latbench({"analyze", sample("esp32.log"), "--buckets", "0,1400,1450,1500,6000", "--export-json", dir + "/h.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(slurp(dir + "/h.json"));
  const auto& h = series_named(doc, "total").at("histogram");
  // expected_stats.py: esp32.total histogram [0, 1400, 1450, 1500, 6000] [3, 2, 2, 4]
  EXPECT_EQ(h.at("edges"), nlohmann::json({0, 1400, 1450, 1500, 6000}));
  EXPECT_EQ(h.at("counts"), nlohmann::json({3, 2, 2, 4}));
  std::filesystem::remove_all(dir);
}
