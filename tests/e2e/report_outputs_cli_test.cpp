// --plot DIR and --export-markdown FILE on run, analyze and compare: one command gives the
// plots and a Markdown report linking them (issue 6), and gnuplot missing never costs the tables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "process.hpp"
#include "report/plot_gnuplot.hpp"
#include "common/test_files.hpp"
#include "common/test_paths.hpp"

using latbench::test::slurp;
using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using ::testing::HasSubstr;
using ::testing::Not;
using latbench::test::run_process;
namespace fs = std::filesystem;

namespace {

const std::string k_samples = latbench::test::source_dir() + "/samples/";
const std::string k_plot_fixtures = latbench::test::fixtures_dir() + "/plots/";

}  // namespace

TEST(ReportOutputs, RunDrawsItsPlotsAndWritesAMarkdownReport) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const auto r = run_latbench({"run", "--requests", "30", "--connection", "persistent", "--out", (dir / "run").string(),
                               "--plot", (dir / "plots").string(), "--plot-format", "svg", "--export-markdown",
                               (dir / "report.md").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"timeline_total.svg", "histogram_total.svg", "percentiles_total.svg", "cdf_total.svg",
                           "device_vs_server.svg", "stages.svg"}) {
    EXPECT_TRUE(fs::exists(dir / "plots" / name)) << name;
  }
  EXPECT_THAT(slurp(dir / "plots" / "timeline_total.svg"), HasSubstr("n = 30")) << "the timeline has every request";
  const std::string md = slurp(dir / "report.md");
  EXPECT_THAT(md, HasSubstr("| total | ms | 30 |"));
  EXPECT_THAT(md, HasSubstr("](plots/stages.svg)"));
  EXPECT_THAT(md, HasSubstr("latbench run " + (dir / "run" / "profile.yaml").string())) << "how to repeat the run";
  fs::remove_all(dir);
}

TEST(ReportOutputs, RunWithJsonKeepsStdoutPureJson) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const auto r = run_latbench({"run", "--requests", "5", "--out", (dir / "run").string(), "--json", "--plot",
                               (dir / "plots").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.front(), '{');
  EXPECT_THAT(r.out, Not(HasSubstr("wrote ")));
  EXPECT_THAT(r.err, HasSubstr("timeline_total.png"));
  fs::remove_all(dir);
}

TEST(ReportOutputs, BadPlotFormatFailsBeforeTheRun) {
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const auto r = run_latbench({"run", "--requests", "5", "--out", (dir / "run").string(), "--plot",
                               (dir / "plots").string(), "--plot-format", "gif"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--plot-format"));
  EXPECT_FALSE(fs::exists(dir / "run" / "samples.jsonl"));
  fs::remove_all(dir);
}

TEST(ReportOutputs, AnalyzeWithJoinDrawsDeviceAgainstServer) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const auto r = run_latbench({"analyze", k_samples + "esp32.log", "--join", k_samples + "ultralytics.log", "--on",
                               "order", "--plot", (dir / "plots").string(), "--plot-format", "svg",
                               "--export-markdown", (dir / "analysis.md").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = slurp(dir / "plots" / "device_vs_server.svg");
  EXPECT_THAT(svg, HasSubstr("device_total")) << "legend names the device line";
  EXPECT_THAT(svg, HasSubstr("server_total"));
  EXPECT_TRUE(fs::exists(dir / "plots" / "histogram_network_overhead.svg"));
  const std::string md = slurp(dir / "analysis.md");
  EXPECT_THAT(md, HasSubstr("| network\\_overhead | ms |"));
  EXPECT_THAT(md, HasSubstr("](plots/device_vs_server.svg)"));
  EXPECT_THAT(md, HasSubstr("--join " + k_samples + "ultralytics.log"));
  fs::remove_all(dir);
}

TEST(ReportOutputs, AnalyzeGroupByDrawsTheStages) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const auto r = run_latbench({"analyze", k_samples + "stages.jsonl", "--group-by", "request_id", "--plot",
                               dir.string(), "--plot-format", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = slurp(dir / "stages.svg");
  for (const char* stage : {"recv", "decode", "infer"}) EXPECT_THAT(svg, HasSubstr(stage)) << stage;
  fs::remove_all(dir);
}

TEST(ReportOutputs, AnalyzeWithoutGnuplotStillWritesTablesAndMarkdown) {
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const auto r = run_process({"/usr/bin/env", "PATH=/nonexistent", latbench::test::latbench_binary(), "analyze", k_samples + "esp32.log",
                              "--plot", (dir / "plots").string(), "--export-markdown", (dir / "a.md").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("gnuplot"));
  EXPECT_THAT(r.out, HasSubstr("total"));
  EXPECT_THAT(slurp(dir / "a.md"), HasSubstr("| total | ms |"));
  fs::remove_all(dir);
}

TEST(ReportOutputs, MarkdownShowsTheCommandAsTypedQuotedForAShell) {
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const fs::path log = dir / "my device's log.txt";  // a space and a quote: both need quoting
  fs::copy_file(k_samples + "esp32.log", log);
  const std::string md = (dir / "a.md").string();
  const auto r = run_latbench({"analyze", log.string(), "--trim", "10%", "--seed", "7", "--export-markdown", md});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Every option given, --seed too (a rebuild from known options had left it out), in the order typed.
  const std::string quoted = "'" + (dir / "my device").string() + "'\\''s log.txt'";
  EXPECT_THAT(slurp(md), HasSubstr("latbench analyze " + quoted + " --trim 10% --seed 7 --export-markdown " + md));
  fs::remove_all(dir);
}

TEST(ReportOutputs, CompareDrawsOverlaidCurvesAndLinksThemFromTheMarkdown) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const auto r = run_latbench({"compare", k_plot_fixtures + "baseline.jsonl", k_plot_fixtures + "keepalive.jsonl",
                               "--plot", (dir / "plots").string(), "--plot-format", "svg", "--export-markdown",
                               (dir / "pr.md").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"compare_percentiles.svg", "compare_cdf.svg", "compare_box.svg"}) {
    EXPECT_TRUE(fs::exists(dir / "plots" / name)) << name;
  }
  const std::string svg = slurp(dir / "plots" / "compare_box.svg");
  EXPECT_THAT(svg, HasSubstr("baseline")) << "one box per source, named";
  EXPECT_THAT(svg, HasSubstr("keepalive"));
  const std::string md = slurp(dir / "pr.md");
  EXPECT_THAT(md, HasSubstr("| p50 |"));
  EXPECT_THAT(md, HasSubstr("](plots/compare_percentiles.svg)"));
  fs::remove_all(dir);
}

// The shape shows in the terminal without any file: run and analyze print a sparkline line per
// series after their table (the sparkline itself is unit-tested in report_sparkline_test).
TEST(ReportOutputs, TerminalSummariesEndWithTheHistogramSparkline) {
  const fs::path dir = make_temp_dir("latbench-report-e2e");
  const auto run = run_process({"/usr/bin/env", "LANG=C", "LC_ALL=", latbench::test::latbench_binary(), "run", "--requests", "20",
                                "--out", (dir / "run").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto analyze = run_process({"/usr/bin/env", "LANG=C", "LC_ALL=", latbench::test::latbench_binary(), "analyze",
                                    k_samples + "esp32.log"});
  ASSERT_EQ(analyze.exit_code, 0) << analyze.err;
  // "total  1.20s #=. 5.20s": name, two spaces, first edge with its unit, ASCII bars.
  const std::regex total_line(R"((^|\n)total +[0-9.]+(ns|us|ms|s) [ .:=+*#@-]+ [0-9.]+(ns|us|ms|s)(\n|  ))");
  EXPECT_TRUE(std::regex_search(run.out, total_line)) << run.out;
  EXPECT_TRUE(std::regex_search(analyze.out, total_line)) << analyze.out;
  fs::remove_all(dir);
}
