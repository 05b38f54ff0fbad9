// /ws/stream's camera clock in virtual time: ticks at the rate, a late producer gets the frames
// the camera buffered (stamped when captured), a producer too far behind skips the oldest.
#include <gtest/gtest.h>

#include "server/stream_pacer.hpp"

using latbench::server::StreamPacer;
using namespace std::chrono_literals;

namespace {
const StreamPacer::TimePoint k_t0{std::chrono::seconds(1000)};
}

TEST(ServerStreamPacer, OnTimeProducerGetsOneFramePerPeriod) {
  StreamPacer pacer(25, k_t0);  // 40 ms
  auto now = k_t0;
  int frames = 0;
  // A producer that waits for each tick and is done at once: 25 frames in one virtual second.
  while (true) {
    auto t = pacer.next(now);
    EXPECT_EQ(t.skipped, 0u);
    if (t.captured >= k_t0 + 1s) break;
    EXPECT_EQ(t.captured, k_t0 + 40ms * frames);
    now = t.captured;
    ++frames;
  }
  EXPECT_EQ(frames, 25);
}

TEST(ServerStreamPacer, LateProducerTakesBufferedFramesWithTheirCaptureTimes) {
  StreamPacer pacer(10, k_t0, 4);  // 100 ms, 4 buffers
  EXPECT_EQ(pacer.next(k_t0).captured, k_t0);
  // Blocked for 250 ms: ticks 1 and 2 are waiting, stamped 100 and 200 ms; nothing skipped.
  auto t = pacer.next(k_t0 + 250ms);
  EXPECT_EQ(t.captured, k_t0 + 100ms);
  EXPECT_EQ(t.skipped, 0u);
  EXPECT_EQ(pacer.next(k_t0 + 251ms).captured, k_t0 + 200ms);
  // Tick 3 lies ahead: the caller waits until then.
  EXPECT_EQ(pacer.next(k_t0 + 252ms).captured, k_t0 + 300ms);
}

TEST(ServerStreamPacer, ProducerFurtherBehindThanTheBuffersSkipsTheOldest) {
  StreamPacer pacer(10, k_t0, 4);
  (void)pacer.next(k_t0);  // tick 0
  // At 1.05 s the camera holds ticks 7..10 (the latest 4); ticks 1..6 are lost.
  auto t = pacer.next(k_t0 + 1050ms);
  EXPECT_EQ(t.skipped, 6u);
  EXPECT_EQ(t.captured, k_t0 + 700ms);
  EXPECT_EQ(pacer.next(k_t0 + 1051ms).captured, k_t0 + 800ms);
  EXPECT_EQ(pacer.period(), 100ms);
}
