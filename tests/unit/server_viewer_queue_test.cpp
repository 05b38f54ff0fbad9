// One /ws/stream viewer's queue: drop and block accounting, bytes held, depth over time.
#include <gtest/gtest.h>

#include "server/viewer_queue.hpp"

using latbench::server::QueuePolicy;
using latbench::server::StreamFrame;
using latbench::server::ViewerQueue;

namespace {

std::shared_ptr<const StreamFrame> stream_frame(std::uint64_t id, std::size_t bytes, int quality = 80) {
  auto f = std::make_shared<StreamFrame>();
  f->frame_id = id;
  f->quality = quality;
  f->message.assign(bytes, 'x');
  return f;
}

}  // namespace

TEST(ServerViewerQueue, DropPolicyLosesFramesForAFullQueueAndCountsThem) {
  ViewerQueue q(3, QueuePolicy::drop);
  for (std::uint64_t id = 1; id <= 5; ++id) q.offer(stream_frame(id, 100), 0.1);
  EXPECT_EQ(q.depth(), 3u);
  EXPECT_EQ(q.counts().produced, 5u);
  EXPECT_EQ(q.counts().dropped, 2u);
  EXPECT_EQ(q.held_bytes(), 300u);
  // The writer takes the oldest; a place frees, frame 6 is queued behind 2 and 3.
  auto first = q.take(0.2);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->frame_id, 1u);
  EXPECT_FALSE(q.take(0.2)) << "one write at a time";
  EXPECT_EQ(q.offer(stream_frame(6, 100), 0.3), ViewerQueue::Offer::queued);
  EXPECT_EQ(q.held_bytes(), 400u) << "3 waiting + the one being written";
  q.sent(0.4);
  EXPECT_EQ(q.counts().sent, 1u);
  EXPECT_EQ(q.counts().bytes_sent, 100u);
  EXPECT_EQ(q.held_bytes(), 300u);
  EXPECT_EQ(q.counts().max_depth, 3u);
  EXPECT_EQ(q.counts().max_held_bytes, 400u);
  // produced = sent + dropped + what waits.
  EXPECT_EQ(q.counts().produced, q.counts().sent + q.counts().dropped + q.depth());
}

TEST(ServerViewerQueue, BlockPolicyRefusesWithoutCountingUntilThereIsRoom) {
  ViewerQueue q(2, QueuePolicy::block);
  EXPECT_EQ(q.offer(stream_frame(1, 10), 0), ViewerQueue::Offer::queued);
  EXPECT_EQ(q.offer(stream_frame(2, 10), 0), ViewerQueue::Offer::queued);
  EXPECT_EQ(q.offer(stream_frame(3, 10), 0), ViewerQueue::Offer::full);
  EXPECT_EQ(q.offer(stream_frame(3, 10), 0), ViewerQueue::Offer::full);
  EXPECT_EQ(q.counts().produced, 2u);
  EXPECT_EQ(q.counts().dropped, 0u);
  ASSERT_TRUE(q.take(0));
  EXPECT_EQ(q.offer(stream_frame(3, 10), 0), ViewerQueue::Offer::queued);
  EXPECT_EQ(q.counts().produced, 3u);
}

TEST(ServerViewerQueue, ZeroCapacityHoldsOneFrame) {
  ViewerQueue q(0, QueuePolicy::drop);
  EXPECT_EQ(q.offer(stream_frame(1, 10), 0), ViewerQueue::Offer::queued);
  EXPECT_EQ(q.offer(stream_frame(2, 10), 0), ViewerQueue::Offer::dropped);
}

TEST(ServerViewerQueue, AbandonCountsWhatWasHeldAndFreesIt) {
  ViewerQueue q(4, QueuePolicy::drop);
  for (std::uint64_t id = 1; id <= 3; ++id) q.offer(stream_frame(id, 50), 0);
  ASSERT_TRUE(q.take(0));
  q.abandon();
  EXPECT_EQ(q.counts().abandoned, 3u);
  EXPECT_EQ(q.held_bytes(), 0u);
  EXPECT_EQ(q.depth(), 0u);
}

TEST(ServerViewerQueue, DepthSeriesKeepsEachSecondsHighestDepth) {
  ViewerQueue q(10, QueuePolicy::drop);
  q.offer(stream_frame(1, 1), 0.1);  // second 0: depth 1
  q.offer(stream_frame(2, 1), 0.5);  // second 0: depth 2
  (void)q.take(0.9);          // second 0 ends at depth 1
  q.offer(stream_frame(3, 1), 3.2);  // seconds 1 and 2 stood at 1; second 3 reaches 2
  ASSERT_EQ(q.depth_series().size(), 4u);
  EXPECT_EQ(q.depth_series()[0], 2u);
  EXPECT_EQ(q.depth_series()[1], 1u);
  EXPECT_EQ(q.depth_series()[2], 1u);
  EXPECT_EQ(q.depth_series()[3], 2u);
  EXPECT_EQ(q.series_first_second(), 0u);
}

TEST(ServerViewerQueue, DepthSeriesIsBounded) {
  ViewerQueue q(10, QueuePolicy::drop);
  q.offer(stream_frame(1, 1), 0);
  q.offer(stream_frame(2, 1), 5000.0);
  EXPECT_EQ(q.depth_series().size(), ViewerQueue::k_series_seconds);
  EXPECT_EQ(q.series_first_second() + q.depth_series().size() - 1, 5000u);
}

TEST(ServerViewerQueue, SentCountsByQuality) {
  ViewerQueue q(10, QueuePolicy::drop);
  q.offer(stream_frame(1, 5, 80), 0);
  q.offer(stream_frame(2, 5, 60), 0);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(q.take(0));
    q.sent(0);
  }
  EXPECT_EQ(q.counts().sent_by_quality.at(80), 1u);
  EXPECT_EQ(q.counts().sent_by_quality.at(60), 1u);
}
