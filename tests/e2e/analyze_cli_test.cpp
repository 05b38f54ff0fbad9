// latbench analyze end to end: the real binary on the samples and on broken input.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.hpp"
#include "common/test_files.hpp"

using latbench::test::slurp;
using latbench::test::make_temp_dir;
using latbench::test::run_latbench;

namespace {

std::string sample(const std::string& name) { return std::string(LATBENCH_SOURCE_DIR) + "/samples/" + name; }

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

const nlohmann::json& series(const nlohmann::json& doc, const std::string& name) {
  for (const auto& s : doc.at("series"))
    if (s.at("name") == name) return s;
  throw std::runtime_error("no series " + name);
}

}  // namespace

TEST(AnalyzeCli, Esp32SampleTableAndSkips) {
  auto r = run_latbench({"analyze", sample("esp32.log"), "--trim", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "esp32 format")) << r.out;
  EXPECT_TRUE(contains(r.out, "incomplete block 1; first at line 112")) << r.out;
  EXPECT_TRUE(contains(r.out, "timeout 1")) << r.out;
  EXPECT_TRUE(contains(r.out, "trimmed")) << r.out;
  EXPECT_FALSE(contains(r.out, "nan")) << r.out;
}

TEST(AnalyzeCli, ExportJsonCarriesExactAndTrimmedStatistics) {
  const auto dir = make_temp_dir("latbench-analyze");
  const std::string json = dir + "/out.json", csv = dir + "/out.csv";
  auto r = run_latbench({"analyze", sample("esp32.log"), "--trim", "3", "--export-json", json, "--export-csv", csv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(doc.at("schema"), 1);
  const auto& total = series(doc, "total");
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
  EXPECT_TRUE(contains(table, "\ntotal,ms,11,1378,5003,")) << table;
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, StdinAndGzipReadTheSameRecords) {
  const std::string text = slurp(sample("ultralytics.log"));
  auto from_stdin = run_latbench({"analyze", "-"}, std::chrono::seconds(60), text);
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_TRUE(contains(from_stdin.out, "ultralytics format, 38 lines, 12 records")) << from_stdin.out;

  const auto dir = make_temp_dir("latbench-analyze");
  const std::string gz = dir + "/ul.log.gz";
  gzFile f = gzopen(gz.c_str(), "wb");
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  auto from_gz = run_latbench({"analyze", gz});
  ASSERT_EQ(from_gz.exit_code, 0) << from_gz.err;
  EXPECT_TRUE(contains(from_gz.out, "ultralytics format, 38 lines, 12 records")) << from_gz.out;
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
  EXPECT_TRUE(contains(r.out, "NUL byte")) << r.out;
  EXPECT_TRUE(contains(r.out, "invalid UTF-8")) << r.out;
  EXPECT_TRUE(contains(r.out, "line too long")) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, UnknownFormatNamesFileAndFormatsTried) {
  auto r = run_latbench({"analyze", sample("pipeline.format.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "pipeline.format.yaml: matches no known log format")) << r.err;
  EXPECT_TRUE(contains(r.err, "esp32, ultralytics, uvicorn, latbench, jsonl, nginx, apache, csv")) << r.err;
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
    EXPECT_TRUE(contains(r.err, c.expect)) << r.err;
    EXPECT_TRUE(r.err.starts_with("latbench: error: ")) << r.err;
  }
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, JoinGroupByAndUserFormat) {
  auto join = run_latbench({"analyze", sample("esp32.log"), "--join", sample("ultralytics.log")});
  ASSERT_EQ(join.exit_code, 0) << join.err;
  EXPECT_TRUE(contains(join.out, "network_overhead")) << join.out;
  EXPECT_TRUE(contains(join.out, "11 pairs")) << join.out;

  const auto dir = make_temp_dir("latbench-analyze");
  auto group = run_latbench({"analyze", sample("pipeline.log"), "--format", sample("pipeline.format.yaml"), "--group-by",
                             "request_id", "--export-rows", dir + "/rows.csv"});
  ASSERT_EQ(group.exit_code, 0) << group.err;
  EXPECT_TRUE(contains(group.out, "share_infer")) << group.out;
  EXPECT_TRUE(contains(slurp(dir + "/rows.csv"), "\"ab12\",4.2,43.1,1.9,49.2,8.54,87.60,3.86")) << slurp(dir + "/rows.csv");
  std::filesystem::remove_all(dir);
}

TEST(AnalyzeCli, StreamingSaysWhatIsApproximate) {
  auto r = run_latbench({"analyze", sample("esp32.log"), "--streaming", "--trim", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "streaming mode")) << r.out;
  EXPECT_TRUE(contains(r.out, "0.39%")) << r.out;
  EXPECT_TRUE(contains(r.out, "1.78s")) << r.out;  // exact mean 1779.9 ms
}

TEST(AnalyzeCli, UvicornWithoutTimingSaysSoAndFlagsNoise) {
  auto r = run_latbench({"analyze", sample("uvicorn.log")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "no timed series")) << r.out;
  EXPECT_TRUE(contains(r.out, "are not the workload")) << r.out;
  EXPECT_FALSE(contains(r.out, "nan")) << r.out;
}

TEST(AnalyzeCli, ExplicitBucketsGiveTheHistogramCounts) {
  const auto dir = make_temp_dir("latbench-analyze");
  auto r = run_latbench({"analyze", sample("esp32.log"), "--buckets", "0,1400,1450,1500,6000", "--export-json", dir + "/h.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(slurp(dir + "/h.json"));
  const auto& h = series(doc, "total").at("histogram");
  // expected_stats.py: esp32.total histogram [0, 1400, 1450, 1500, 6000] [3, 2, 2, 4]
  EXPECT_EQ(h.at("edges"), nlohmann::json({0, 1400, 1450, 1500, 6000}));
  EXPECT_EQ(h.at("counts"), nlohmann::json({3, 2, 2, 4}));
  std::filesystem::remove_all(dir);
}
