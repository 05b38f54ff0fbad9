// The frame plots' numbers: a frames run read from samples.jsonl (with its summary.json) and
// the answered-per-second bins and clock gaps, against tests/fixtures/plots/frames_expected.txt,
// which make_frames.py computed from the same file in Python.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "common/test_files.hpp"
#include "common/test_paths.hpp"
#include "report/frame_series.hpp"
#include "report/run_plot_series.hpp"

using namespace latbench::report;
namespace fs = std::filesystem;

namespace {

const std::string k_frames = latbench::test::fixtures_dir() + "/plots/frames_run/samples.jsonl";

// frames_expected.txt: "key n n n" per line, '#' lines are comments.
std::map<std::string, std::vector<std::size_t>> expected() {
  std::ifstream in(latbench::test::fixtures_dir() + "/plots/frames_expected.txt");
  std::map<std::string, std::vector<std::size_t>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    auto& values = out[key];
    for (std::size_t v = 0; words >> v;) values.push_back(v);
  }
  return out;
}

FramePoint answered_at(double start_ms, double rtt_ms, std::uint64_t device = 0) {
  FramePoint f;
  f.intended_ms = f.start_ms = start_ms;
  f.rtt_ms = rtt_ms;
  f.device = device;
  return f;
}

}  // namespace

TEST(ReportFrameSeries, FixtureRunGivesThePythonNumbers) {
  const auto want = expected();
  ASSERT_EQ(want.at("frames").size(), 1u) << "frames_expected.txt unreadable";
  RecordedRun run = read_recorded_run(k_frames).take();
  ASSERT_TRUE(run.frames.has_value());
  const FrameRun& frames = *run.frames;
  ASSERT_EQ(frames.frames.size(), want.at("frames")[0]);

  std::vector<std::size_t> failed, pending;
  std::size_t answered = 0, timeouts = 0;
  for (std::size_t i = 0; i < frames.frames.size(); ++i) {
    const FramePoint& f = frames.frames[i];
    pending.push_back(f.pending);
    if (f.outcome == FrameOutcome::answered) ++answered;
    else failed.push_back(i);
    if (f.outcome == FrameOutcome::timeout) ++timeouts;
  }
  EXPECT_EQ(answered, want.at("answered")[0]);
  EXPECT_EQ(failed, want.at("failed"));  // frames 20 and 45 timed out, 33 unmatched
  EXPECT_EQ(timeouts, 2u);
  EXPECT_EQ(frames.frames[33].outcome, FrameOutcome::failed);
  EXPECT_EQ(pending, want.at("pending"));
  EXPECT_EQ(answered_per_second(frames.frames), want.at("answered_per_second"));
  EXPECT_EQ(clock_gaps(frames.frames).size(), want.at("gaps")[0]);

  // From the run folder's summary.json.
  ASSERT_TRUE(frames.target_per_s.has_value());
  EXPECT_DOUBLE_EQ(*frames.target_per_s, 30.0);
  ASSERT_TRUE(frames.skipped.has_value());
  EXPECT_EQ(*frames.skipped, want.at("skipped")[0]);
}

TEST(ReportFrameSeries, HttpUploadsHaveNoFrames) {
  const RecordedRun run = read_recorded_run(latbench::test::fixtures_dir() + "/plots/baseline.jsonl").take();
  EXPECT_FALSE(run.frames.has_value());
}

TEST(ReportFrameSeries, AnswersAreBinnedBySecondOfAnswerTimeOnly) {
  std::vector<FramePoint> frames = {answered_at(900, 99.9),  // answered at 999.9 ms: second 0
                                    answered_at(950, 50),    // 1000 ms: second 1
                                    answered_at(2500, 40)};  // second 2
  FramePoint timeout = answered_at(100, 250);
  timeout.outcome = FrameOutcome::timeout;
  FramePoint closed = answered_at(3100, 5);
  closed.outcome = FrameOutcome::failed;
  frames.push_back(timeout);
  frames.push_back(closed);  // a failure after the last answer adds no empty second
  EXPECT_EQ(answered_per_second(frames), (std::vector<std::size_t>{1, 1, 1}));
  EXPECT_TRUE(answered_per_second({timeout, closed}).empty());
}

TEST(ReportFrameSeries, GapsAreFoundOnEachDevicesOwnClock) {
  // Two devices at 10/s each, interleaved in the file; device 1 skips two frames after t = 300.
  std::vector<FramePoint> frames;
  for (int k = 0; k < 8; ++k) {
    frames.push_back(answered_at(k * 100.0, 20, 0));
    if (k != 4 && k != 5) frames.push_back(answered_at(k * 100.0 + 5, 20, 1));
  }
  const std::vector<std::size_t> gaps = clock_gaps(frames);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(frames[gaps[0]].device, 1u);
  EXPECT_DOUBLE_EQ(frames[gaps[0]].intended_ms, 605.0);
  EXPECT_TRUE(clock_gaps({answered_at(0, 1), answered_at(500, 1)}).empty());  // one interval: no median
}

TEST(ReportFrameSeries, OddSummaryLeavesTargetAndSkippedUnset) {
  for (const std::string text : {"", "not json", "[1,2]", R"({"run": 3})", R"({"run": {"rate": {"intended_per_s": 0}}})",
                                  R"({"run": {"rate": {"intended_per_s": "30"}, "requests": {"skipped_frames": -1}}})"}) {
    const fs::path file = latbench::test::write_temp_file("frame-summary-" + std::to_string(::getpid()) + ".json", text);
    FrameRun run;
    read_frame_run_summary(file, run);
    EXPECT_FALSE(run.target_per_s.has_value()) << text;
    EXPECT_FALSE(run.skipped.has_value()) << text;
    fs::remove(file);
  }
  FrameRun run;
  read_frame_run_summary("/nonexistent/summary.json", run);
  EXPECT_FALSE(run.target_per_s.has_value());
}
