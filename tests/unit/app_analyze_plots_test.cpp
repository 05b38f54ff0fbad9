// analyze --plot draws what the statistics were computed on, in record order: the timeline of a
// series is its records as logged (not the sorted copy the summary leaves behind).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "app/analyze_logs.hpp"
#include "app/analyze_plots.hpp"
#include "common/test_files.hpp"
#include "common/test_paths.hpp"

using latbench::test::write_temp_file;
namespace fs = std::filesystem;
using namespace latbench;

TEST(AnalysisPlots, TimelineKeepsRecordOrderAndHistogramUsesTheSummary) {
  const fs::path log = write_temp_file("latbench-analysis-plots.jsonl",
                                 "{\"total_ms\": 30}\n{\"total_ms\": 10}\n{\"total_ms\": 20}\n{\"total_ms\": 50}\n");
  app::AnalyzeOptions options;
  options.read.format = "jsonl";
  options.read.format_options.fields = {"total_ms"};
  options.keep_series = true;
  const app::Analysis a = app::analyze_logs({log.string()}, options).take();
  const report::PlotSet set = app::analysis_plot_set(a);
  ASSERT_EQ(set.latency.size(), 1u);
  EXPECT_EQ(set.latency[0].series.values, (std::vector<double>{30, 10, 20, 50}));
  ASSERT_TRUE(set.latency[0].summary);
  EXPECT_DOUBLE_EQ(set.latency[0].summary->all.median, 25.0);  // (20 + 30) / 2
  EXPECT_FALSE(set.device);
  EXPECT_TRUE(set.stages.empty());
  fs::remove(log);
}

namespace {
const report::PlotSeries& timeline_of(const app::Analysis& a, const std::string& name, report::PlotSet& set) {
  set = app::analysis_plot_set(a);
  for (const auto& l : set.latency)
    if (l.series.name == name) return l.series;
  throw std::runtime_error("no series " + name);
}
}  // namespace

TEST(AnalysisPlots, TimelineGoesByTimeWhenEveryRecordHasOneAndTimeNeverGoesBack) {
  app::AnalyzeOptions options;
  options.read.format = "latbench";
  options.keep_series = true;
  report::PlotSet set;
  // start_ms 1000, 1500, 3000: 0, 0.5 and 2 s after the first record.
  const fs::path timed = write_temp_file("latbench-analysis-plots-timed.jsonl",
      "{\"status\":200,\"total_ms\":30,\"start_ms\":1000}\n{\"status\":200,\"total_ms\":10,\"start_ms\":1500}\n"
      "{\"status\":200,\"total_ms\":20,\"start_ms\":3000}\n");
  const auto& line = timeline_of(app::analyze_logs({timed.string()}, options).take(), "total", set);
  EXPECT_EQ(line.values, (std::vector<double>{30, 10, 20}));
  EXPECT_EQ(line.x, (std::vector<double>{0, 0.5, 2}));
  EXPECT_EQ(line.x_label, "time since the first record (s)");
  // A clock that went back (a device reset, midnight): by record number instead.
  const fs::path back = write_temp_file("latbench-analysis-plots-back.jsonl",
      "{\"status\":200,\"total_ms\":30,\"start_ms\":1000}\n{\"status\":200,\"total_ms\":10,\"start_ms\":400}\n");
  EXPECT_TRUE(timeline_of(app::analyze_logs({back.string()}, options).take(), "total", set).x.empty());
  // One record without a time: by record number too.
  const fs::path partly = write_temp_file("latbench-analysis-plots-partly.jsonl",
      "{\"status\":200,\"total_ms\":30,\"start_ms\":1000}\n{\"status\":200,\"total_ms\":10}\n");
  EXPECT_TRUE(timeline_of(app::analyze_logs({partly.string()}, options).take(), "total", set).x.empty());
  fs::remove(timed);
  fs::remove(back);
  fs::remove(partly);
}

TEST(AnalysisPlots, StreamingDrawsOnlyHistogramsFromTheSummaries) {
  const fs::path log = write_temp_file("latbench-analysis-plots-stream.jsonl", "{\"total_ms\": 30}\n{\"total_ms\": 10}\n");
  app::AnalyzeOptions options;
  options.read.format = "jsonl";
  options.read.format_options.fields = {"total_ms"};
  options.read.streaming = true;
  options.keep_series = true;
  const app::Analysis a = app::analyze_logs({log.string()}, options).take();
  const report::PlotSet set = app::analysis_plot_set(a);
  EXPECT_TRUE(set.latency.empty());
  EXPECT_EQ(set.summary_only.size(), a.summaries.size());
  fs::remove(log);
}

TEST(AnalysisPlots, GroupByGivesOneStageLinePerStageWithGapsAsNaN) {
  const fs::path a_log = write_temp_file("latbench-analysis-plots-a.jsonl",
                                   "{\"request_id\": \"r1\", \"stage\": \"decode\", \"ms\": 2}\n"
                                   "{\"request_id\": \"r2\", \"stage\": \"decode\", \"ms\": 3}\n");
  const fs::path b_log = write_temp_file("latbench-analysis-plots-b.jsonl",
                                   "{\"request_id\": \"r1\", \"stage\": \"infer\", \"ms\": 40}\n");
  app::AnalyzeOptions options;
  options.group_by_request = true;
  options.keep_series = true;
  const app::Analysis a = app::analyze_logs({a_log.string(), b_log.string()}, options).take();
  const report::PlotSet set = app::analysis_plot_set(a);
  ASSERT_EQ(set.stages.size(), 2u);
  EXPECT_EQ(set.stages[0].name, "decode");
  EXPECT_EQ(set.stages[0].values, (std::vector<double>{2, 3}));
  EXPECT_EQ(set.stages[1].name, "infer");
  ASSERT_EQ(set.stages[1].values.size(), 2u);
  EXPECT_DOUBLE_EQ(set.stages[1].values[0], 40);
  EXPECT_TRUE(std::isnan(set.stages[1].values[1]));
  EXPECT_EQ(set.stage_ids, (std::vector<std::string>{"r1", "r2"}));  // the stage chart's labels
  fs::remove(a_log);
  fs::remove(b_log);
}

TEST(AnalysisPlots, Esp32BootsAndErrorsAreMarkedOnTheTimelinesOfItsRequests) {
  app::AnalyzeOptions options;
  options.keep_series = true;
  const app::Analysis a =
      app::analyze_logs({latbench::test::source_dir() + "/samples/esp32.log"}, options).take();
  report::PlotSet set;
  const report::PlotSeries& total = timeline_of(a, "total", set);
  ASSERT_EQ(total.values.size(), 11u);
  ASSERT_EQ(total.flags.size(), 11u);
  // "read Timeout" (line 62) failed the block of 5003 ms: that request is the one timeout.
  std::size_t marked = 0;
  for (std::size_t i = 0; i < total.values.size(); ++i) {
    if (total.flags[i].status == report::PointStatus::ok) continue;
    ++marked;
    EXPECT_EQ(total.values[i], 5003);
    EXPECT_EQ(total.flags[i].status, report::PointStatus::timeout);
  }
  EXPECT_EQ(marked, 1u);
  // The two rst: lines and the refused connection after the last block, in seconds since the
  // first block (20:04:01.793): 20:03:58.136, 20:04:18.169 and 20:04:24.344.
  ASSERT_EQ(total.events.size(), 3u);
  EXPECT_EQ(total.events[0].kind, "boot");
  EXPECT_NEAR(total.events[0].x, -3.657, 1e-9);
  EXPECT_EQ(total.events[1].kind, "boot");
  EXPECT_NEAR(total.events[1].x, 16.376, 1e-9);
  EXPECT_EQ(total.events[2].kind, "refused");
  EXPECT_NEAR(total.events[2].x, 22.551, 1e-9);
  // The heap readings are not one per request: nothing to hang the marks on.
  EXPECT_TRUE(timeline_of(a, "free_heap", set).events.empty());
}

TEST(AnalysisSummaries, AnErrorInASummaryThreadIsAnErrorNotAnAbort) {
  // Two series summarised on the threads of analyze; a --bin-width of 1e-9 ms over a range of
  // 20 ms would make 2e10 bins: a usage error, handed back from the thread that met it.
  const fs::path log = write_temp_file("latbench-analysis-bins.jsonl",
                                       "{\"a_ms\": 10, \"b_ms\": 5}\n{\"a_ms\": 30, \"b_ms\": 25}\n");
  app::AnalyzeOptions options;
  options.read.format = "jsonl";
  options.summary.histogram = {stats::HistogramSpec::Kind::width, 1e-9, {}};
  EXPECT_THROW(app::analyze_logs({log.string()}, options), Error);
  fs::remove(log);
}
