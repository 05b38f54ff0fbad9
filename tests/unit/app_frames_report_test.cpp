// The frames section's "pending when sent" line: every value while they fit, quantiles once an
// uncapped queue runs through dozens of values. Expected quantiles counted by hand below.
#include <gtest/gtest.h>

#include <string>

#include "app/frames_report.hpp"

using namespace latbench;

namespace {

std::string pending_line(const app::FramesReport& f) {
  const std::string text = app::format_frames(f);
  const auto at = text.find("pending when sent: ");
  if (at == std::string::npos) return {};
  return text.substr(at, text.find('\n', at) - at);
}

}  // namespace

TEST(AppFramesReport, PendingValuesAreListedWithTheirShareUnderACap) {
  app::FramesReport f;
  f.frames = 50;
  f.pending = {{0, 1}, {1, 49}};
  EXPECT_EQ(pending_line(f), "pending when sent: 0: 1 (2%), 1: 49 (98%)");
}

TEST(AppFramesReport, AGrowingQueueIsSummedUpByItsQuantiles) {
  // 0..19 once each, then 20 ten times: 30 frames. Median: the 15th frame (15 >= 0.5 * 30) has
  // pending 14; p95: 28.5 frames are needed, the first 20 values give 20, 20 adds 10 -> 20.
  app::FramesReport f;
  f.frames = 30;
  for (std::uint64_t n = 0; n < 20; ++n) f.pending[n] = 1;
  f.pending[20] = 10;
  EXPECT_EQ(pending_line(f), "pending when sent: 21 values from 0 to 20: median 14, p95 20");
}
