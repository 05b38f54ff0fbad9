// The frame plots' gnuplot scripts (what is drawn: bins, target line, gaps, steps) and their
// renders through real gnuplot (skipped only when gnuplot is missing), from the fixture frames
// run whose numbers tests/fixtures/plots/make_frames.py computed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "common/test_files.hpp"
#include "common/test_paths.hpp"
#include "report/plot_gnuplot.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_set.hpp"
#include "report/recorded_plots.hpp"
#include "report/run_plot_series.hpp"

using namespace latbench;
using namespace latbench::report;
namespace fs = std::filesystem;

namespace {

FrameRun fixture_frames() {
  return *read_recorded_run(test::fixtures_dir() + "/plots/frames_run/samples.jsonl").take().frames;
}

// The rows of data block `name` in `script`, as written.
std::vector<std::string> block_rows(const std::string& script, const std::string& name) {
  std::vector<std::string> rows;
  const std::size_t at = script.find("$" + name + " << EOD\n");
  if (at == std::string::npos) return rows;
  std::size_t pos = script.find('\n', at) + 1;
  for (std::size_t end; (end = script.find('\n', pos)) != std::string::npos; pos = end + 1) {
    std::string row = script.substr(pos, end - pos);
    if (row == "EOD") break;
    rows.push_back(row);
  }
  return rows;
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(ReportPlotFrames, FpsBarsAreThePerSecondCountsWithTheTargetLine) {
  const FrameRun run = fixture_frames();
  const std::string text = frame_fps_script(run, "ws", PlotOptions{}).text;
  // frames_expected.txt: answered_per_second 22 25 10; the last second is drawn apart.
  EXPECT_EQ(block_rows(text, "fps"), (std::vector<std::string>{"0.5 22", "1.5 25"}));
  EXPECT_EQ(block_rows(text, "last"), (std::vector<std::string>{"2.5 10"}));
  EXPECT_NE(text.find("30 with lines dt 2"), std::string::npos) << text;
  EXPECT_NE(text.find("'target 30/s'"), std::string::npos);
  EXPECT_NE(text.find("(57 answered, 1 s bins of answer time)"), std::string::npos);

  FrameRun closed_loop = run;
  closed_loop.target_per_s.reset();
  EXPECT_EQ(frame_fps_script(closed_loop, "ws", PlotOptions{}).text.find("target"), std::string::npos);
}

TEST(ReportPlotFrames, RttLineBreaksAtEachClockGapAndMarksFailures) {
  const FrameRun run = fixture_frames();
  const std::string text = frame_rtt_script(run, "ws", PlotOptions{}).text;
  const auto answered = block_rows(text, "answered");
  // 57 answers plus one NaN row per gap before an answered frame (6 gaps, make_frames.py).
  std::size_t breaks = static_cast<std::size_t>(std::count(answered.begin(), answered.end(), "NaN NaN"));
  const auto gaps = clock_gaps(run.frames);
  std::size_t gaps_before_answers = 0;
  for (std::size_t i : gaps) gaps_before_answers += run.frames[i].outcome == FrameOutcome::answered;
  EXPECT_EQ(gaps.size(), 6u);
  EXPECT_EQ(breaks, gaps_before_answers);
  EXPECT_EQ(answered.size(), 57u + breaks);
  EXPECT_EQ(count_of(text, "set object rect"), 6u);  // one band per gap
  EXPECT_EQ(block_rows(text, "timeouts").size(), 2u);
  EXPECT_EQ(block_rows(text, "failed").size(), 1u);
  EXPECT_NE(text.find("gap in the frame clock (6; 9 frames skipped in the run)"), std::string::npos);
  EXPECT_NE(text.find("drawn at the top"), std::string::npos);  // 250 ms timeouts over ~40 ms answers
  EXPECT_NE(text.find("set ylabel 'RTT: send to answer (ms)'"), std::string::npos);
}

TEST(ReportPlotFrames, PendingIsOneStepLinePerDevice) {
  FrameRun run = fixture_frames();
  std::string text = frame_pending_script(run, "ws", PlotOptions{}).text;
  const auto rows = block_rows(text, "pending0");
  ASSERT_EQ(rows.size(), 60u);
  EXPECT_EQ(rows[1], "0.033333 1");  // frame 1: sent at 33.333 ms with frame 0 pending
  EXPECT_NE(text.find("$pending0 using 1:2 with steps"), std::string::npos);
  EXPECT_NE(text.find("(n = 60, at most 1)"), std::string::npos);
  for (std::size_t i = 0; i < run.frames.size(); i += 2) run.frames[i].device = 1;
  text = frame_pending_script(run, "ws", PlotOptions{}).text;
  EXPECT_NE(text.find("'device 0'"), std::string::npos);
  EXPECT_NE(text.find("'device 1'"), std::string::npos);
  EXPECT_EQ(block_rows(text, "pending1").size(), 30u);
}

TEST(ReportPlotFrames, ManySendsArePendingMeanAndMaxPerTimeBin) {
  // 700 sends 10 ms apart (1 ms after the clock's start), pending 0,1,2,3,4 over and over: each
  // 50 ms bin holds five sends, so its mean is 2 and its max 4.
  FrameRun run;
  for (int i = 0; i < 700; ++i) {
    FramePoint f;
    f.intended_ms = f.start_ms = 1 + 10.0 * i;
    f.rtt_ms = 20;
    f.pending = static_cast<std::uint64_t>(i % 5);
    run.frames.push_back(f);
  }
  const std::string text = frame_pending_script(run, "ws", PlotOptions{}).text;
  EXPECT_NE(text.find("mean and max per 0.05 s)"), std::string::npos) << text.substr(0, 600);
  const auto mean = block_rows(text, "mean");
  const auto max = block_rows(text, "max");
  ASSERT_EQ(mean.size(), 141u);  // 140 bins and the last one's end
  ASSERT_EQ(max.size(), 141u);
  for (std::size_t k = 0; k < mean.size(); ++k) {
    EXPECT_EQ(mean[k].substr(mean[k].find(' ')), " 2") << k;
    EXPECT_EQ(max[k].substr(max[k].find(' ')), " 4") << k;
  }
  EXPECT_EQ(mean.front(), "0 2");
  EXPECT_EQ(block_rows(text, "pending0").size(), 0u);  // no per-send steps
}

TEST(ReportPlotFrames, NoFramesIsAnInputError) {
  const FrameRun empty;
  for (const auto& build : {frame_rtt_script, frame_fps_script, frame_pending_script}) {
    try {
      (void)build(empty, "ws", PlotOptions{});
      ADD_FAILURE() << "no throw";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::input);
      EXPECT_NE(std::string(e.what()).find("'ws'"), std::string::npos) << e.what();
    }
  }
}

TEST(ReportPlotFrames, RecordedFramesRunRendersTheThreePlots) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed (sudo apt-get install gnuplot-nox)";
  const fs::path dir = fs::temp_directory_path() / ("latbench-frame-plots-" + std::to_string(::getpid()));
  RecordedPlots recorded = recorded_plots(read_recorded_run(test::fixtures_dir() + "/plots/frames_run/samples.jsonl").take(),
                                          "frames", false);
  PlotOptions svg;
  svg.format = PlotFormat::svg;
  const PlotOutcome out = render_plots(recorded.set, dir, svg);
  EXPECT_TRUE(out.notes.empty()) << out.notes.front();
  for (const char* name : {"frames_rtt.svg", "frames_answered_fps.svg", "frames_pending.svg"}) {
    const std::string text = test::slurp(dir / name);
    EXPECT_NE(text.find("width=\"1200\" height=\"700\""), std::string::npos) << name;
  }
  EXPECT_NE(test::slurp(dir / "frames_rtt.svg").find("send time on the frame clock (s)"), std::string::npos);
  EXPECT_NE(test::slurp(dir / "frames_answered_fps.svg").find("target 30/s"), std::string::npos);
  EXPECT_NE(test::slurp(dir / "frames_pending.svg").find("frames awaiting an answer (frames)"), std::string::npos);
  // The HTTP plots of the same run are still drawn, by their usual names.
  EXPECT_TRUE(fs::exists(dir / "timeline_total.svg"));
  // An HTTP run gets no frame plot.
  RecordedPlots http = recorded_plots(read_recorded_run(test::fixtures_dir() + "/plots/baseline.jsonl").take(), "b", false);
  EXPECT_FALSE(http.set.frames.has_value());
  fs::remove_all(dir);
}
