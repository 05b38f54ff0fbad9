// --join and --group-by. Expected numbers from tests/fixtures/analyze/expected_stats.py.
#include <gtest/gtest.h>

#include <cmath>

#include "logs/group_by.hpp"
#include "logs/join.hpp"
#include "logs/read_log.hpp"
#include "logs/yaml_format.hpp"
#include "stats/summary.hpp"
#include "common/test_paths.hpp"

using namespace latbench;
using namespace latbench::logs;

namespace {
using latbench::test::sample;

LogData read_sample(const std::string& name, const std::string& format = {}) {
  ReadOptions options;
  options.format = format.empty() ? format : sample(format);
  return read_log(sample(name), options).take();
}

LogData parse_text(const std::string& format, const std::string& text) {
  LineReader reader(bytes_from_memory(text));
  LogData log;
  log.source = "memory";
  log.format = format;
  find_format(format)->make({})->parse(reader, log);
  return log;
}
}  // namespace

TEST(LogsJoin, ByOrderGivesNetworkOverheadPerRequest) {
  const LogData device = read_sample("esp32.log"), server = read_sample("ultralytics.log");
  const JoinResult j = join_logs(device, server, JoinOn::order).take();
  EXPECT_EQ(j.device_column, "total");
  EXPECT_EQ(j.server_column, "total");
  EXPECT_EQ(j.server_unpaired, 1u);  // 12 Speed lines, 11 complete device blocks
  stats::SummaryOptions options;
  options.trim = {stats::Trim::Kind::count, 3};
  const auto s = stats::summarize(j.network_overhead, options);
  // join.network_overhead {"count": 11, "min": 1334.5, "max": 4964.5, "mean": 1735.7454545454545,
  //  "median": 1412.9, "sd": 1073.5872757849138, "sd_population": 1023.6253037510057, ...,
  //  "trimmed": {"count": 5, "mean": 1405.22, "sd": 45.54456059728761, "sd_population": 40.736293400357404}}
  EXPECT_EQ(s.all.count, 11u);
  EXPECT_NEAR(s.all.min, 1334.5, 1e-9);
  EXPECT_NEAR(s.all.max, 4964.5, 1e-9);
  EXPECT_NEAR(s.all.mean, 1735.7454545454545, 1e-9);
  EXPECT_NEAR(s.all.median, 1412.9, 1e-9);
  EXPECT_NEAR(s.all.sd, 1073.5872757849138, 1e-9);
  EXPECT_NEAR(s.all.sd_population, 1023.6253037510057, 1e-9);
  ASSERT_TRUE(s.trimmed);
  EXPECT_NEAR(s.trimmed->mean, 1405.22, 1e-9);
  EXPECT_NEAR(s.trimmed->sd, 45.54456059728761, 1e-9);
  EXPECT_NEAR(s.trimmed->sd_population, 40.736293400357404, 1e-9);
}

TEST(LogsJoin, ByRequestIdPairsOutOfOrderAndCountsTheUnpaired) {
  const LogData device = parse_text("jsonl",
      "{\"request_id\":\"a\",\"total\":100}\n{\"request_id\":\"b\",\"total\":80}\n{\"request_id\":\"z\",\"total\":1}\n");
  const LogData server = parse_text("jsonl",
      "{\"request_id\":\"b\",\"total\":30}\n{\"request_id\":\"a\",\"total\":45}\n{\"request_id\":\"y\",\"total\":5}\n");
  const JoinResult j = join_logs(device, server, JoinOn::request_id).take();
  EXPECT_EQ(j.network_overhead.values, (std::vector<double>{55, 50}));
  EXPECT_EQ(j.ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(j.device_unpaired, 1u);
  EXPECT_EQ(j.server_unpaired, 1u);
}

TEST(LogsJoin, RequestIdOnLogWithoutIdsIsAnError) {
  const LogData device = read_sample("esp32.log"), server = read_sample("ultralytics.log");
  auto r = join_logs(device, server, JoinOn::request_id);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("esp32"), std::string::npos);
}

TEST(LogsGroupBy, StagesFromAUserFormatBecomeRequestRows) {
  const LogData log = read_sample("pipeline.log", "pipeline.format.yaml");
  const RequestRows rows = group_by_request({&log}).take();
  EXPECT_EQ(rows.stages, (std::vector<std::string>{"resize", "infer", "encode"}));
  EXPECT_EQ(rows.ids, (std::vector<std::string>{"ab12", "ab13", "ab14", "ab15"}));
  // pipeline.totals {'ab12': 49.2, 'ab13': 53.800000000000004, 'ab14': 52.0}
  EXPECT_NEAR(rows.total[0], 49.2, 1e-9);
  EXPECT_NEAR(rows.total[1], 53.8, 1e-9);
  EXPECT_NEAR(rows.total[2], 52.0, 1e-9);
  EXPECT_TRUE(std::isnan(rows.total[3]));  // ab15 never reached infer
  EXPECT_EQ(rows.incomplete, 1u);
  const auto series = group_series(rows);
  // pipeline.infer_share {'ab12': 87.60162601626016, 'ab13': 88.47583643122675, 'ab14': 86.34615384615384}
  const Series& share = series[5];
  ASSERT_EQ(share.name, "share_infer");
  ASSERT_EQ(share.values.size(), 3u);
  EXPECT_NEAR(share.values[0], 87.60162601626016, 1e-9);
  EXPECT_NEAR(share.values[1], 88.47583643122675, 1e-9);
  EXPECT_NEAR(share.values[2], 86.34615384615384, 1e-9);
}

TEST(LogsGroupBy, StagesSpreadOverSeveralFilesAreMerged) {
  const LogData a = parse_text("jsonl", "{\"rid\":\"1\",\"stage\":\"decode\",\"ms\":2}\n{\"rid\":\"2\",\"stage\":\"decode\",\"ms\":3}\n");
  const LogData b = parse_text("jsonl", "{\"rid\":\"2\",\"stage\":\"infer\",\"ms\":40}\n{\"rid\":\"1\",\"stage\":\"infer\",\"ms\":38}\n"
                                        "{\"rid\":\"1\",\"stage\":\"infer\",\"ms\":1}\n");
  const RequestRows rows = group_by_request({&a, &b}).take();
  EXPECT_EQ(rows.total, (std::vector<double>{41, 43}));  // the repeated infer of request 1 is summed
  EXPECT_EQ(rows.repeated, 1u);
  EXPECT_NE(rows_csv(rows).find("\"1\",2,39,41,4.88,95.12"), std::string::npos) << rows_csv(rows);
}

TEST(LogsYamlFormat, BlocksTimestampsAndBadDefinitions) {
  const LogData log = read_sample("camera_block.log", "camera_block.format.yaml");
  EXPECT_EQ(log.table.rows(), 3u);
  EXPECT_EQ(log.skipped.reasons.at("incomplete block"), 1u);
  EXPECT_EQ(log.table.id(2), "4");
  const auto all = log_series(log);
  EXPECT_EQ(all[2].name, "post");
  EXPECT_NEAR(all[2].values[0], 412.0, 1e-9);  // 0.412 s

  EXPECT_FALSE(parse_yaml_format("name: x\nline: '(?P<a>\\d+'\nfields: {a: ms}\n", "t.yaml").ok());
  auto typo = parse_yaml_format("line: '(?P<a>\\d+)'\nfields: {b: ms}\n", "t.yaml");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(std::string(typo.error().what()).find("fields.b"), std::string::npos);
  EXPECT_FALSE(parse_yaml_format("line: [unclosed\n", "t.yaml").ok());

  double ms = 0;
  ASSERT_TRUE(parse_timestamp("2026-11-22 07:40:00.150", "%Y-%m-%d %H:%M:%S.%f", ms));
  EXPECT_DOUBLE_EQ(ms, 1795333200150.0);  // date -u -d '2026-11-22 07:40:00' +%s = 1795333200
  EXPECT_FALSE(parse_timestamp("yesterday", "%Y-%m-%d", ms));
}
