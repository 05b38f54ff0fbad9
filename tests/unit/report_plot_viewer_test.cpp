// The viewer plots' gnuplot scripts (report/plot_viewer.cpp): what is drawn for a small hand-made
// run whose counts are plain to see, and the viewer frames read back from a samples file.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "common/test_files.hpp"
#include "report/plot_kinds.hpp"
#include "report/run_plot_series.hpp"
#include "samples/json.hpp"

using namespace latbench;
using namespace latbench::report;

namespace {

// Frames at 0.1 s, 0.2 s, 0.3 s and 1.5 s (a 1.2 s stall), ages 1, 2, 3 and 40 ms.
ViewerRun small_run() {
  ViewerRun run;
  run.viewers = 1;
  run.capacity_fps = 21;
  run.stall_ms = 500;
  run.frames = {{100, 1.0, std::nullopt, 0}, {200, 2.0, 100.0, 0}, {300, 3.0, 100.0, 0}, {1500, 40.0, 1200.0, 0}};
  return run;
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST(ViewerPlots, FramesPerSecondAreWholeSecondBinsWithTheCapacityLine) {
  EXPECT_EQ(received_per_second(small_run().frames), (std::vector<std::size_t>{3, 1}));
  const auto s = viewer_fps_script(small_run(), "run", {});
  EXPECT_EQ(s.title, "run: frames received per second (4 frames, 1 viewer)");
  EXPECT_TRUE(has(s.text, "0.5 3\n1.5 1\n")) << s.text;
  EXPECT_TRUE(has(s.text, "21 with lines dt 2")) << s.text;
  // Several viewers: the capacity is per viewer, so it is not drawn against their sum.
  ViewerRun two = small_run();
  two.viewers = 2;
  EXPECT_FALSE(has(viewer_fps_script(two, "run", {}).text, "capacity"));
}

TEST(ViewerPlots, AgeAndGapsArePointsOnArrivalTimeWithTheStallThreshold) {
  const auto age = viewer_age_script(small_run(), "run", {});
  EXPECT_EQ(age.title, "run: frame age at arrival (n = 4)");
  EXPECT_TRUE(has(age.text, "0.1 1\n0.2 2\n0.3 3\n1.5 40\n")) << age.text;
  const auto gaps = viewer_gap_script(small_run(), "run", {});
  EXPECT_EQ(gaps.title, "run: gap since the viewer's previous frame (n = 3)");
  EXPECT_TRUE(has(gaps.text, "set logscale y")) << gaps.text;
  EXPECT_TRUE(has(gaps.text, "500 with lines dt 2")) << gaps.text;
  ViewerRun no_age = small_run();
  for (auto& f : no_age.frames) f.age_ms.reset();
  EXPECT_THROW(viewer_age_script(no_age, "run", {}), Error);
}

TEST(ViewerPlots, ASamplesFileOfPushedFramesReadsBackAsAViewerRunNotAsUpstreamFrames) {
  const auto path = test::write_temp_file(
      "latbench-viewer-plot-" + std::to_string(::getpid()) + ".jsonl",
      R"({"seq":0,"device":0,"total_ms":1,"status":101,"transport":"ws","direction":"down","frame_id":1,"arrival_ms":100,"frame_age_ms":1,"missing_frames":0})"
      "\n"
      R"({"seq":1,"device":1,"total_ms":2,"status":101,"transport":"ws","direction":"down","frame_id":1,"arrival_ms":150,"gap_ms":50,"frame_age_ms":2,"missing_frames":0})"
      "\n");
  auto run = read_recorded_run(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(run.ok()) << run.error().what();
  EXPECT_FALSE(run->frames);
  ASSERT_TRUE(run->viewer);
  EXPECT_EQ(run->viewer->frames.size(), 2u);
  EXPECT_EQ(run->viewer->viewers, 2u);
  EXPECT_EQ(run->viewer->frames[1].gap_ms, 50.0);
}
