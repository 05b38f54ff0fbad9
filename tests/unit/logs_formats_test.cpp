// The built-in formats on the real-format logs in samples/. Expected numbers come from
// tests/fixtures/analyze/expected_stats.py (plain regexes + Python's statistics module), pasted.
#include <gtest/gtest.h>

#include <cmath>

#include "common/series_named.hpp"
#include "logs/read_log.hpp"
#include "logs/yaml_format.hpp"
#include "stats/summary.hpp"
#include "common/test_paths.hpp"

using namespace latbench;
using namespace latbench::logs;

using latbench::test::series_named;

namespace {

using latbench::test::sample;

LogData read(const std::string& name, ReadOptions options = {}) {
  auto r = read_log(sample(name), options);
  if (!r.ok()) throw r.error();
  return std::move(r).take();
}

stats::Summary summary_of(const LogData& log, const std::string& name, std::size_t trim_k) {
  stats::SummaryOptions options;
  options.trim = {stats::Trim::Kind::count, static_cast<double>(trim_k)};
  return stats::summarize(series_named(log_series(log), name), options);
}

void expect_close(double actual, double expected, const char* what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::fabs(expected))) << what;
}

struct Expected {
  std::size_t count;
  double min, max, mean, median, sd, sd_population, p90, p95, p99;
  std::size_t t_count;
  double t_min, t_max, t_mean, t_median, t_sd, t_sd_population;
};

void expect_summary(const stats::Summary& s, const Expected& e) {
  EXPECT_EQ(s.all.count, e.count);
  expect_close(s.all.min, e.min, "min");
  expect_close(s.all.max, e.max, "max");
  expect_close(s.all.mean, e.mean, "mean");
  expect_close(s.all.median, e.median, "median");
  expect_close(s.all.sd, e.sd, "sd");
  expect_close(s.all.sd_population, e.sd_population, "sd_population");
  expect_close(s.all.percentiles.p90, e.p90, "p90");
  expect_close(s.all.percentiles.p95, e.p95, "p95");
  expect_close(s.all.percentiles.p99, e.p99, "p99");
  ASSERT_TRUE(s.trimmed.has_value());
  EXPECT_EQ(s.trimmed->count, e.t_count);
  expect_close(s.trimmed->min, e.t_min, "trimmed min");
  expect_close(s.trimmed->max, e.t_max, "trimmed max");
  expect_close(s.trimmed->mean, e.t_mean, "trimmed mean");
  expect_close(s.trimmed->median, e.t_median, "trimmed median");
  expect_close(s.trimmed->sd, e.t_sd, "trimmed sd");
  expect_close(s.trimmed->sd_population, e.t_sd_population, "trimmed sd_population");
}

}  // namespace

TEST(LogsFormatEsp32, BlocksBecomeRecordsWithExactStatistics) {
  LogData log = read("esp32.log");
  EXPECT_EQ(log.format, "esp32");
  // esp32.total {"count": 11, "min": 1378, "max": 5003, "mean": 1779.909090909091, "median": 1452,
  //  "sd": 1071.4550344783913, "sd_population": 1021.5922914339925, "p90": 1620.0, "p95": 3311.5,
  //  "p99": 4664.700000000001, "trimmed": {"count": 5, "min": 1409, "max": 1503, "mean": 1453.2,
  //  "median": 1452, "sd": 35.20227265390688, "sd_population": 31.485869846647084}}
  expect_summary(summary_of(log, "total", 3),
                 {11, 1378, 5003, 1779.909090909091, 1452, 1071.4550344783913, 1021.5922914339925, 1620.0, 3311.5,
                  4664.700000000001, 5, 1409, 1503, 1453.2, 1452, 35.20227265390688, 31.485869846647084});
  expect_summary(summary_of(log, "receive", 3),
                 {11, 1276, 5002, 1686.1818181818182, 1350, 1101.9218500585073, 1050.6412603030778, 1512.0, 3257.0,
                  4653.000000000002, 5, 1311, 1398, 1351.2, 1350, 32.797865784224435, 29.335302964176115});
}

TEST(LogsFormatEsp32, ErrorsResetsAndHeapAreCounted) {
  LogData log = read("esp32.log");
  // The timeout block keeps its 5002 ms wait as a sample and is marked failed.
  EXPECT_EQ(log.counts["error"]["timeout"], 1u);
  EXPECT_EQ(log.counts["error"]["refused"], 1u);
  EXPECT_EQ(log.counts["requests"]["failed"], 1u);
  EXPECT_EQ(log.counts["requests"]["complete"], 11u);
  std::size_t failed_rows = 0;
  for (std::size_t r = 0; r < log.table.rows(); ++r) failed_rows += log.table.failed(r);
  EXPECT_EQ(failed_rows, 1u);
  // The block cut by the reset (it starts on line 112) is incomplete, not a sample.
  EXPECT_EQ(log.skipped.reasons["incomplete block"], 1u);
  EXPECT_EQ(log.skipped.first_lines, (std::vector<std::uint64_t>{112}));
  const auto all = log_series(log);
  EXPECT_EQ(series_named(all, "free_heap").values,
            (std::vector<double>{185312, 185300, 185276, 185240, 185216, 185216, 185192, 185168, 185312, 185276,
                                 185276, 185252}));
  EXPECT_EQ(series_named(all, "free_heap").unit, "bytes");
  ASSERT_FALSE(log.notes.empty());
  EXPECT_NE(log.notes[0].find("trend"), std::string::npos);
}

TEST(LogsFormatEsp32, CutShortBlockAtEndAndErrorBeforeBlock) {
  const std::string text =
      "[HTTP] POST... failed, error: read Timeout\n"
      "---- Network Message Timings ----\n"
      "Network Receive Time - After Send: 5002 ms\n"
      "Total Time from Payload Creation to Command End: 5003 ms\n"
      "---- Network Message Timings ----\n"
      "Network Send Time After Payload Creation: 1 ms\n";
  LineReader reader(bytes_from_memory(text));
  LogData log;
  find_format("esp32")->make({})->parse(reader, log);
  ASSERT_EQ(log.table.rows(), 1u);
  EXPECT_TRUE(log.table.failed(0));
  EXPECT_EQ(log.skipped.reasons["incomplete block"], 1u);
  EXPECT_EQ(log.skipped.first_lines, (std::vector<std::uint64_t>{5}));
}

TEST(LogsFormatEsp32, OverflowingNumberAndTruncatedTotalAreSkipped) {
  const std::string text =
      "---- Network Message Timings ----\n"
      "Network Receive Time - After Send: 1e999 ms\n"
      "Total Time from Payload Creation to Command End: 1467 ms\n"
      "---- Network Message Timings ----\n"
      "Total Time from Payload Creation to Command End: 14";  // the device died mid-write
  LineReader reader(bytes_from_memory(text));
  LogData log;
  find_format("esp32")->make({})->parse(reader, log);
  EXPECT_EQ(log.table.rows(), 1u);
  EXPECT_EQ(log.skipped.reasons["number out of range"], 1u);
  EXPECT_EQ(log.skipped.reasons["incomplete block"], 1u);  // "14" lacks " ms": the block never ended
}

TEST(LogsFormatUltralytics, SpeedLinesGiveStagesAndTotal) {
  LogData log = read("ultralytics.log");
  EXPECT_EQ(log.format, "ultralytics");
  expect_summary(summary_of(log, "total", 3),
                 {12, 38.300000000000004, 92.10000000000001, 43.675000000000004, 38.95, 15.314053260738234,
                  14.662089721455127, 43.13, 65.36999999999998, 86.75400000000003, 6, 38.5, 39.2, 38.91666666666667,
                  38.95, 0.26394443859772293, 0.24094720491335014});
  EXPECT_EQ(series_named(log_series(log), "inference").values.size(), 12u);
  EXPECT_EQ(log.counts["shape"]["(1, 3, 480, 640)"], 12u);
}

TEST(LogsFormatUvicorn, CountsAndFlagsLivereloadNoise) {
  LogData log = read("uvicorn.log");
  EXPECT_EQ(log.format, "uvicorn");
  EXPECT_EQ(log.counts["requests"]["total"], 18u);
  EXPECT_EQ(log.counts["requests"]["not_workload"], 7u);  // 6 livereload polls + 1 favicon
  EXPECT_EQ(log.counts["method"]["POST"], 10u);
  EXPECT_EQ(log.counts["path"]["/livereload"], 5u);
  EXPECT_EQ(log.counts["status"]["404"], 7u);
  EXPECT_EQ(log.counts["status"]["500"], 1u);
  ASSERT_FALSE(log.notes.empty());
  EXPECT_NE(log.notes[0].find("livereload"), std::string::npos);
  EXPECT_TRUE(log.table.columns().empty());
}

TEST(LogsFormatNginx, RequestAndUpstreamTimesInMs) {
  LogData log = read("nginx.log");
  EXPECT_EQ(log.format, "nginx");
  expect_summary(summary_of(log, "request_time", 2),
                 {8, 1.0, 1467.0, 1037.0, 1351.0, 639.8816854923818, 598.5545087959825, 1421.5, 1444.25, 1462.45, 4,
                  1331.0, 1389.0, 1355.5, 1351.0, 24.90649179096352, 21.569654610122992});
  // "0.010, 1.362" (two upstreams tried) sums to 1372 ms; "-" is missing, not zero.
  EXPECT_EQ(series_named(log_series(log), "upstream_response_time").values,
            (std::vector<double>{1389.0, 1318.0, 1451.0, 3.0, 1341.0, 1.0, 1372.0, 1330.0}));
  EXPECT_EQ(series_named(log_series(log), "upstream_connect_time").values.size(), 7u);
  EXPECT_EQ(log.counts["path"]["/health"], 1u);  // query string removed
}

TEST(LogsFormatApache, MicrosecondsOfPercentDBecomeMs) {
  LogData log = read("apache.log");
  EXPECT_EQ(log.format, "apache");
  expect_summary(summary_of(log, "time_taken", 1),
                 {7, 0.812, 1467.877, 993.4252857142857, 1358.402, 678.1711450963084, 627.8644772159297, 1428.5374,
                  1448.2071999999998, 1463.9430399999999, 5, 4.41, 1402.311, 1097.0576, 1358.402, 611.4353533410543,
                  546.8844055668803});
}

TEST(LogsFormatNginx, CustomLogFormatAndBadOne) {
  const std::string text = "10.0.0.1 GET /a 200 0.250\n10.0.0.1 GET /b 404 0.004\n";
  FormatOptions options;
  options.log_format = "$remote_addr $request_method $uri $status $request_time";
  LineReader reader(bytes_from_memory(text));
  LogData log;
  find_format("nginx")->make(options)->parse(reader, log);
  EXPECT_EQ(series_named(log_series(log), "request_time").values, (std::vector<double>{250.0, 4.0}));
  EXPECT_EQ(log.counts["status"]["404"], 1u);
  options.log_format = "$request_time$status";
  try {
    find_format("nginx")->make(options);
    FAIL() << "two variables with no separator must be rejected";
  } catch (const Error& e) {
    // The engine names the key; the CLI puts --log-format in its place (e2e: analyze --log-format).
    EXPECT_EQ(e.key(), "log_format");
    EXPECT_EQ(std::string(e.what()).rfind("log_format: ", 0), 0u) << e.what();
  }
}

TEST(LogsFormatCsv, HeaderColumnsAndIds) {
  LogData log = read("timings.csv");
  EXPECT_EQ(log.format, "csv");
  expect_summary(summary_of(log, "total_ms", 3),
                 {8, 345.9, 913.9, 556.9875, 357.6, 284.05570599293173, 265.709782645935, 905.29, 909.595, 913.039, 2,
                  355.0, 360.2, 357.6, 357.6, 3.676955262170039, 2.5999999999999943});
  EXPECT_EQ(log.table.id(3), "4");
  EXPECT_EQ(series_named(log_series(log), "total_ms").unit, "ms");
}

TEST(LogsFormatCsv, QuotedCellsWrongWidthAndUnknownField) {
  const std::string text = "name,lat_s\n\"a, \"\"quoted\"\"\",0.5\nb,0.25,extra\nc,1e999\n";
  LineReader reader(bytes_from_memory(text));
  LogData log;
  find_format("csv")->make({})->parse(reader, log);
  EXPECT_EQ(series_named(log_series(log), "lat_s").values, (std::vector<double>{500.0}));  // seconds -> ms
  EXPECT_EQ(log.skipped.lines, 2u);
  EXPECT_EQ(log.skipped.reasons["number out of range"], 1u);
  FormatOptions options;
  options.fields = {"nope"};
  LineReader again(bytes_from_memory(text));
  LogData log2;
  EXPECT_THROW(find_format("csv")->make(options)->parse(again, log2), Error);
}

TEST(LogsFormatJsonl, FieldsPathsUnitsAndBadLines) {
  const std::string text =
      "{\"request_id\":\"a\",\"total\":12.5,\"server\":{\"infer\":0.04}}\n"
      "not json\n"
      "{\"request_id\":\"b\",\"total\":10,\"server\":{\"infer\":0.03}}\n"
      "{\"request_id\":\"c\",\"tot";
  FormatOptions options;
  options.fields = {"total", "server.infer:s"};
  LineReader reader(bytes_from_memory(text));
  LogData log;
  find_format("jsonl")->make(options)->parse(reader, log);
  const auto all = log_series(log);
  EXPECT_EQ(series_named(all, "total").values, (std::vector<double>{12.5, 10}));
  EXPECT_EQ(series_named(all, "server.infer").values, (std::vector<double>{40, 30}));
  EXPECT_EQ(log.table.id(1), "b");
  EXPECT_EQ(log.skipped.reasons["invalid JSON"], 1u);
  EXPECT_EQ(log.skipped.reasons["truncated last line"], 1u);
}

TEST(LogsFormatLatbench, SamplesFileSkipsWarmupAndCountsErrors) {
  LogData log = read("samples.jsonl");
  EXPECT_EQ(log.format, "latbench");
  EXPECT_EQ(log.counts["requests"]["warmup"], 2u);
  EXPECT_EQ(log.table.rows(), 8u);
  EXPECT_EQ(log.counts["error"]["timeout"], 1u);
  const auto all = log_series(log);
  EXPECT_EQ(series_named(all, "total").values,
            (std::vector<double>{40.2, 39.7, 120.4, 40.8, 39.1, 41.9, 40.0, 38.6}));
  EXPECT_EQ(series_named(all, "server_total").values.size(), 7u);  // the timeout has no Server-Timing
  EXPECT_EQ(log.table.id(0), "2");
}

TEST(LogsSniffing, EverySampleIsRecognisedAndJunkIsNot) {
  for (const auto& [file, format] : std::vector<std::pair<std::string, std::string>>{
           {"esp32.log", "esp32"}, {"uvicorn.log", "uvicorn"}, {"ultralytics.log", "ultralytics"},
           {"nginx.log", "nginx"}, {"apache.log", "apache"}, {"stages.jsonl", "jsonl"},
           {"timings.csv", "csv"}, {"samples.jsonl", "latbench"}}) {
    EXPECT_EQ(read(file).format, format) << file;
  }
  auto r = read_log(sample("pipeline.format.yaml"), {});
  ASSERT_FALSE(r.ok());
  const std::string msg = r.error().what();
  EXPECT_NE(msg.find("pipeline.format.yaml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("esp32, ultralytics, uvicorn"), std::string::npos) << msg;
}

TEST(LogsSniffing, UnknownForcedFormatListsTheKnownOnes) {
  ReadOptions options;
  options.format = "syslog";
  auto r = read_log(sample("esp32.log"), options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("known: esp32"), std::string::npos);
}

TEST(LogsFormatUltralytics, CountsUvicornLinesOfTheSameConsole) {
  const std::string text =
      "INFO:     127.0.0.1:50112 - \"POST /upload HTTP/1.1\" 200 OK\n"
      "Speed: 1.0ms preprocess, 40.0ms inference, 0.5ms postprocess per image at shape (1, 3, 480, 640)\n"
      "INFO:     127.0.0.1:56071 - \"GET /livereload HTTP/1.1\" 404 Not Found\n";
  LineReader reader(bytes_from_memory(text));
  LogData log;
  find_format("ultralytics")->make({})->parse(reader, log);
  EXPECT_EQ(series_named(log_series(log), "total").values, (std::vector<double>{41.5}));
  EXPECT_EQ(log.counts["requests"]["total"], 2u);
  EXPECT_EQ(log.counts["requests"]["not_workload"], 1u);
  EXPECT_EQ(log.ignored, 0u);
}

// `events:` in a YAML format: lines counted by name (0 for none), timed fields beside them.
TEST(LogsFormats, YamlEventsCountLinesBesideTheTimedFields) {
  ReadOptions options;
  options.format = sample("ws_stream_seed.format.yaml");
  auto log = read("ws_stream_seed.log", options);
  EXPECT_EQ(log.counts.at("events").at("queued"), 5u);
  EXPECT_EQ(log.counts.at("events").at("dropped"), 3u);
  EXPECT_EQ(log.table.rows(), 5u);
  const auto all = log_series(log);
  const auto& quality = series_named(all, "quality");
  EXPECT_EQ(quality.values, (std::vector<double>{80, 80, 70, 60, 70}));
  EXPECT_EQ(log.ignored, 2u) << "the connect and disconnect lines";
}

TEST(LogsFormats, YamlEventsOnlyFormatNeedsNoLineAndReportsZeros) {
  auto f = parse_yaml_format("name: drops\nevents:\n  dropped: 'Dropping frame'\n  stalled: 'stall'\n", "drops.yaml");
  ASSERT_TRUE(f) << f.error().what();
  auto bad = parse_yaml_format("name: x\nevents:\n  dropped: [a, b]\n", "x.yaml");
  ASSERT_FALSE(bad);
  EXPECT_NE(std::string(bad.error().what()).find("x.yaml:3:12: events.dropped: expected a regex string"), std::string::npos)
      << bad.error().what();
  auto typo = parse_yaml_format("name: x\nline: 'a(?P<v>\\d+)'\nfields: {v: ms}\nevent:\n  d: 'x'\n", "t.yaml");
  ASSERT_FALSE(typo);
  EXPECT_NE(std::string(typo.error().what()).find("t.yaml:4:1: unknown key 'event' (did you mean 'events'?)"),
            std::string::npos)
      << typo.error().what();
}
