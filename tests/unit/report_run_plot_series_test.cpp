// A samples.jsonl read for plots: per-request order and flags, server stages, and the statistics
// `latbench run` computes from the same lines.
#include <gtest/gtest.h>

#include <cmath>

#include "report/run_plot_series.hpp"
#include "common/test_files.hpp"

using latbench::report::read_recorded_run;
using latbench::report::PointStatus;

TEST(ReportRunPlotSeries, OrderFlagsStagesAndTheRunsStatistics) {
  const auto path = latbench::test::write_temp_file("latbench-recorded-run.jsonl",
      R"({"seq":0,"warmup":true,"status":200,"total_ms":90,"server":{"decode":2,"total":5}})" "\n"
      R"({"seq":1,"status":200,"total_ms":10,"server":{"decode":3,"infer":4,"total":8},"network_overhead_ms":2})" "\n"
      R"({"seq":2,"status":0,"error":"timeout","total_ms":300})" "\n"
      R"({"seq":3,"status":0,"error":"refused","total_ms":1})" "\n"
      R"({"seq":4,"status":503,"error":"http_5xx","total_ms":20,"server":{"total":6},"network_overhead_ms":14})" "\n"
      "{torn\n");
  auto run = read_recorded_run(path);
  ASSERT_TRUE(run.ok()) << run.error().what();
  EXPECT_EQ(run->name, "latbench-recorded-run");
  // Every request, file order, with its flags.
  EXPECT_EQ(run->total.values, (std::vector<double>{90, 10, 300, 1, 20}));
  ASSERT_EQ(run->total.flags.size(), 5u);
  EXPECT_TRUE(run->total.flags[0].warmup);
  EXPECT_EQ(run->total.flags[1].status, PointStatus::ok);
  EXPECT_EQ(run->total.flags[2].status, PointStatus::timeout);
  EXPECT_EQ(run->total.flags[3].status, PointStatus::error);
  EXPECT_EQ(run->total.flags[4].status, PointStatus::error);
  // Stages in the server's first-seen order; a stage not sent took 0; no server view: NaN.
  ASSERT_EQ(run->stages.size(), 3u);
  EXPECT_EQ(run->stages[0].name, "decode");
  EXPECT_EQ(run->stages[1].name, "infer");
  EXPECT_EQ(run->stages[2].name, "network + overhead");
  EXPECT_EQ(run->stages[1].values[0], 0);
  EXPECT_EQ(run->stages[1].values[1], 4);
  EXPECT_TRUE(std::isnan(run->stages[0].values[2]));
  EXPECT_EQ(run->stages[2].values[4], 14);  // 20 - 6
  ASSERT_TRUE(run->server);
  EXPECT_EQ(run->server->values[1], 8);
  // Statistics without the warm-up: answered requests and the timeout; the refused one is out.
  ASSERT_GE(run->statistics.size(), 3u);
  EXPECT_EQ(run->statistics[0].name, "total");
  EXPECT_EQ(run->statistics[0].values, (std::vector<double>{10, 300, 20}));
  EXPECT_EQ(run->statistics[1].name, "server_total");
  EXPECT_EQ(run->statistics[1].values, (std::vector<double>{8, 6}));
  EXPECT_EQ(run->statistics[2].name, "network_overhead");
  EXPECT_EQ(run->statistics[2].values, (std::vector<double>{2, 14}));
  // The torn last line: skipped, counted with its number, and said beside total's own skips.
  EXPECT_EQ(run->skipped.lines, 1u);
  EXPECT_EQ(run->skipped.first_lines, (std::vector<std::uint64_t>{6}));
  EXPECT_EQ(run->statistics[0].skipped.lines, 2u);  // the refused request + the torn line
}

TEST(ReportRunPlotSeries, NoSampleAtAllIsAnErrorNamingTheFile) {
  const auto path = latbench::test::write_temp_file("latbench-recorded-empty.jsonl", "not json\n");
  auto run = read_recorded_run(path);
  ASSERT_FALSE(run.ok());
  EXPECT_NE(std::string(run.error().what()).find("latbench-recorded-empty.jsonl"), std::string::npos);
  EXPECT_NE(std::string(run.error().what()).find("1 malformed line"), std::string::npos);
}
