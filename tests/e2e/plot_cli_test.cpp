// `latbench plot` end to end: samples files and summary JSON in, plots + Markdown out; gnuplot
// missing is one line with the install hint while tables and Markdown are still written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "process.hpp"
#include "report/plot_gnuplot.hpp"
#include "common/test_files.hpp"
#include "common/test_paths.hpp"

using latbench::test::slurp;
using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using latbench::test::run_process;
namespace fs = std::filesystem;

namespace {

const std::string k_baseline = latbench::test::fixtures_dir() + "/plots/baseline.jsonl";
const std::string k_keepalive = latbench::test::fixtures_dir() + "/plots/keepalive.jsonl";

}  // namespace

TEST(PlotCli, SamplesFileGivesEveryPlotAndAMarkdownReport) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-plot-e2e");
  const auto r = run_latbench({"plot", k_baseline, "--plot", (dir / "plots").string(), "--export-markdown",
                               (dir / "report.md").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"timeline_total.png", "histogram_total.png", "percentiles_total.png", "cdf_total.png",
                           "device_vs_server.png", "stages.png"}) {
    EXPECT_TRUE(fs::exists(dir / "plots" / name)) << name;
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
  // 400 requests: 10 warm-up, one refused (no answer) left out -> 389 in the statistics.
  EXPECT_NE(r.out.find("389"), std::string::npos) << r.out;
  const std::string md = slurp(dir / "report.md");
  EXPECT_NE(md.find("```mermaid\nxychart-beta"), std::string::npos);
  EXPECT_NE(md.find("](plots/timeline_total.png)"), std::string::npos) << md;
  EXPECT_NE(md.find("| total | ms | 389 |"), std::string::npos) << md;
  fs::remove_all(dir);
}

TEST(PlotCli, TwoSourcesAreComparedOneColourEach) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-plot-e2e");
  const auto r = run_latbench({"plot", k_baseline, k_keepalive, "--plot", dir.string(), "--plot-format", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"compare_percentiles.svg", "compare_cdf.svg", "compare_box.svg",
                           "baseline/timeline_baseline_total.svg", "keepalive/stages.svg"}) {
    EXPECT_TRUE(fs::exists(dir / name)) << name;
  }
  const std::string svg = slurp(dir / "compare_percentiles.svg");
  EXPECT_NE(svg.find("baseline (n = 389)"), std::string::npos);
  EXPECT_NE(svg.find("keepalive (n = 389)"), std::string::npos);
  fs::remove_all(dir);
}

TEST(PlotCli, MissingGnuplotSaysHowToInstallAndStillWritesMarkdown) {
  const fs::path dir = make_temp_dir("latbench-plot-e2e");
  const auto r = run_process({"/usr/bin/env", "PATH=/nonexistent", latbench::test::latbench_binary(), "plot", k_baseline, "--plot",
                              (dir / "plots").string(), "--export-markdown", (dir / "report.md").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("apt-get install gnuplot-nox"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("total"), std::string::npos);  // the table is still printed
  EXPECT_TRUE(fs::exists(dir / "report.md"));
  EXPECT_NE(slurp(dir / "report.md").find("gnuplot-nox"), std::string::npos);
  fs::remove_all(dir);
}

TEST(PlotCli, BadInputNamesTheFileAndExits2) {
  const fs::path dir = make_temp_dir("latbench-plot-e2e");
  const fs::path junk = dir / "junk.jsonl";
  std::ofstream(junk) << "hello\nworld\n";
  auto r = run_latbench({"plot", junk.string(), "--plot", dir.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("junk.jsonl"), std::string::npos) << r.err;
  r = run_latbench({"plot", (dir / "missing.jsonl").string(), "--plot", dir.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.jsonl"), std::string::npos) << r.err;
  r = run_latbench({"plot", k_baseline, "--plot", dir.string(), "--plot-format", "gif"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--plot-format"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

namespace {

// `text` (or a copy of `from`) at dir/relative, its folders made.
fs::path put(const fs::path& dir, const std::string& relative, const std::string& from) {
  const fs::path path = dir / relative;
  fs::create_directories(path.parent_path());
  if (from.empty()) std::ofstream{path};
  else fs::copy_file(from, path);
  return path;
}

}  // namespace

TEST(PlotCli, RunFoldersNameTheSourcesAndAnEmptyRunIsSkippedWithANote) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-plot-e2e");
  const fs::path wifi = put(dir, "runs/wifi/samples.jsonl", k_baseline);
  const fs::path lte = put(dir, "runs/lte/samples.jsonl", k_keepalive);
  const fs::path dead = put(dir, "runs/dead/samples.jsonl", "");  // left by an unreachable run
  const auto r = run_latbench({"plot", wifi.string(), lte.string(), dead.string(), "--plot", (dir / "out").string(),
                               "--plot-format", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(dead.string() + ": empty"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("skipped"), std::string::npos) << r.err;
  // One folder per run, named after it: nothing overwrites anything.
  EXPECT_TRUE(fs::exists(dir / "out/wifi/timeline_wifi_total.svg"));
  EXPECT_TRUE(fs::exists(dir / "out/lte/timeline_lte_total.svg"));
  EXPECT_FALSE(fs::exists(dir / "out/samples"));
  const std::string svg = slurp(dir / "out/compare_percentiles.svg");
  EXPECT_NE(svg.find("wifi (n = 389)"), std::string::npos);
  EXPECT_NE(svg.find("lte (n = 389)"), std::string::npos);
  EXPECT_NE(r.out.find("wifi: total"), std::string::npos) << r.out;  // the table names them too
  fs::remove_all(dir);
}

TEST(PlotCli, SameRunFolderNamesTakeTheirParentsAndLabelNamesEachSource) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-plot-e2e");
  const fs::path a = put(dir, "base/round-01/samples.jsonl", k_baseline);
  const fs::path b = put(dir, "keepalive/round-01/samples.jsonl", k_keepalive);
  auto r = run_latbench({"plot", a.string(), b.string(), "--plot", (dir / "out").string(), "--plot-format", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out/base_round-01/stages.svg"));
  EXPECT_TRUE(fs::exists(dir / "out/keepalive_round-01/stages.svg"));
  EXPECT_NE(slurp(dir / "out/compare_cdf.svg").find("keepalive/round-01 (n = 389)"), std::string::npos);

  r = run_latbench({"plot", a.string(), b.string(), "--label", "wifi new", "--label", "wifi keep-alive", "--plot",
                    (dir / "labelled").string(), "--plot-format", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "labelled/wifi_new/timeline_wifi_new_total.svg"));
  EXPECT_NE(slurp(dir / "labelled/compare_box.svg").find("wifi keep-alive (n = 389)"), std::string::npos);

  r = run_latbench({"plot", a.string(), b.string(), "--label", "only one", "--plot", (dir / "bad").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--label: 1 label for 2 sources"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(PlotCli, AnalyzeOfASeriesNamedWithALeadingQuoteDrawsItsPlots) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  // gnuplot's '' escape read '''total' as an empty string and a stray token: exit 2, no plots.
  const fs::path dir = make_temp_dir("latbench-plot-e2e");
  std::ofstream(dir / "quoted.jsonl") << "{\"'total\": 12}\n{\"'total\": 15}\n{\"'total\": 11}\n";
  const auto r = run_latbench({"analyze", (dir / "quoted.jsonl").string(), "--format", "jsonl", "--field",
                               "'total:ms", "--plot", (dir / "plots").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"timeline_total.png", "histogram_total.png", "percentiles_total.png", "cdf_total.png"}) {
    EXPECT_TRUE(fs::exists(dir / "plots" / name)) << name << "\n" << r.out;
  }
  fs::remove_all(dir);
}

TEST(PlotCli, FramesRunGetsTheThreeFramePlots) {
  if (!latbench::report::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = make_temp_dir("latbench-plot-e2e");
  const std::string frames = latbench::test::fixtures_dir() + "/plots/frames_run/samples.jsonl";
  const auto r = run_latbench({"plot", frames, "--plot", dir.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"frames_rtt.png", "frames_answered_fps.png", "frames_pending.png", "timeline_total.png"}) {
    EXPECT_TRUE(fs::exists(dir / name)) << name;
    EXPECT_GT(fs::exists(dir / name) ? fs::file_size(dir / name) : 0, 1000u) << name;
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
  // An HTTP run draws none of them.
  const fs::path http = dir / "http";
  ASSERT_EQ(run_latbench({"plot", k_baseline, "--plot", http.string()}).exit_code, 0);
  EXPECT_FALSE(fs::exists(http / "frames_rtt.png"));
  fs::remove_all(dir);
}
