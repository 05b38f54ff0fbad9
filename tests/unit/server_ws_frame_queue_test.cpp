// FrameQueue: one frame runs, `capacity` wait, and the policy decides what a frame arriving to a
// full queue meets (no clock, no sockets). The simulation at the end replays arrivals in virtual
// time and checks the counts a hand calculation gives.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "server/ws_frame_queue.hpp"

using namespace latbench::server;
using Arrival = FrameQueue::Arrival;

namespace {

std::shared_ptr<PendingFrame> frame(std::uint64_t seq) {
  auto f = std::make_shared<PendingFrame>();
  f->seq = seq;
  f->frame_id = seq;
  return f;
}

}  // namespace

TEST(ServerWsFrameQueue, DropRunsOneQueuesCapacityAndDropsTheNewest) {
  FrameQueue q(2, QueuePolicy::drop);
  EXPECT_EQ(q.arrive(frame(1)), Arrival::run_now);
  EXPECT_EQ(q.arrive(frame(2)), Arrival::queued);
  EXPECT_EQ(q.arrive(frame(3)), Arrival::queued);
  EXPECT_EQ(q.arrive(frame(4)), Arrival::dropped);
  EXPECT_EQ(q.arrive(frame(5)), Arrival::dropped);
  EXPECT_TRUE(q.may_read());  // drop never stops reading
  EXPECT_EQ(q.waiting(), 2u);
  auto next = q.finish();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->seq, 2u);  // in arrival order
  EXPECT_EQ(q.arrive(frame(6)), Arrival::queued);  // a place freed
  EXPECT_EQ(q.finish()->seq, 3u);
  EXPECT_EQ(q.finish()->seq, 6u);
  EXPECT_EQ(q.finish(), nullptr);
  EXPECT_TRUE(q.idle());
  EXPECT_EQ(q.arrive(frame(7)), Arrival::run_now);
}

TEST(ServerWsFrameQueue, DropWithNoPlacesSkipsEveryFrameWhileOneRuns) {
  FrameQueue q(0, QueuePolicy::drop);  // seed 004's "skip if busy"
  EXPECT_EQ(q.arrive(frame(1)), Arrival::run_now);
  EXPECT_EQ(q.arrive(frame(2)), Arrival::dropped);
  EXPECT_EQ(q.finish(), nullptr);
  EXPECT_EQ(q.arrive(frame(3)), Arrival::run_now);
}

TEST(ServerWsFrameQueue, BlockStopsReadingWhileFullAndNeverDrops) {
  FrameQueue q(1, QueuePolicy::block);
  EXPECT_TRUE(q.may_read());
  EXPECT_EQ(q.arrive(frame(1)), Arrival::run_now);
  EXPECT_TRUE(q.may_read());
  EXPECT_EQ(q.arrive(frame(2)), Arrival::queued);
  EXPECT_FALSE(q.may_read());
  // Reached anyway (it is not: the session does not read), a frame waits rather than drops.
  EXPECT_EQ(q.arrive(frame(3)), Arrival::queued);
  EXPECT_EQ(q.finish()->seq, 2u);
  EXPECT_FALSE(q.may_read());
  EXPECT_EQ(q.finish()->seq, 3u);
  EXPECT_TRUE(q.may_read());
}

TEST(ServerWsFrameQueue, BlockWithNoPlacesReadsOnlyWhenIdle) {
  FrameQueue q(0, QueuePolicy::block);  // a backend that reads its next message when done
  EXPECT_EQ(q.arrive(frame(1)), Arrival::run_now);
  EXPECT_FALSE(q.may_read());
  EXPECT_EQ(q.finish(), nullptr);
  EXPECT_TRUE(q.may_read());
}

TEST(ServerWsFrameQueue, AbandonForgetsTheWaitingFrames) {
  FrameQueue q(3, QueuePolicy::drop);
  q.arrive(frame(1));
  q.arrive(frame(2));
  q.arrive(frame(3));
  EXPECT_EQ(q.abandon(), 2u);
  EXPECT_EQ(q.waiting(), 0u);
  EXPECT_TRUE(q.running());
}

// Frames every 10 ms (frame k at t = 10(k-1), k = 1..20), each taking 35 ms, 1 place, drop. By
// hand: 1 runs 0-35; 2 waits, runs 35-70; 3, 4 dropped; 5 waits (t 40), runs 70-105; 6, 7
// dropped; 8 waits (t 70), runs 105-140; 9-11 dropped; 12 waits (t 110), runs 140-175; 13, 14
// dropped; 15 waits (t 140), runs 175-210; 16-18 dropped; 19 waits (t 180); 20 dropped. So 7 run,
// 13 dropped (tests/fixtures/ws/frames_peer_client.py's simulate_queue agrees).
TEST(ServerWsFrameQueue, VirtualTimeReplayMatchesTheHandCount) {
  FrameQueue q(1, QueuePolicy::drop);
  std::vector<std::uint64_t> ran;
  int dropped = 0;
  int busy_until = 0;
  bool running = false;
  for (int i = 0; i < 20; ++i) {
    int t = i * 10;
    while (running && busy_until <= t) {
      auto next = q.finish();
      running = next != nullptr;
      if (next) {
        ran.push_back(next->seq);
        busy_until += 35;
      }
    }
    switch (q.arrive(frame(static_cast<std::uint64_t>(i + 1)))) {
      case Arrival::run_now:
        ran.push_back(static_cast<std::uint64_t>(i + 1));
        running = true;
        busy_until = t + 35;
        break;
      case Arrival::queued: break;
      case Arrival::dropped: ++dropped; break;
    }
  }
  while (auto next = q.finish()) ran.push_back(next->seq);
  EXPECT_EQ(ran, (std::vector<std::uint64_t>{1, 2, 5, 8, 12, 15, 19}));
  EXPECT_EQ(dropped, 13);
}
