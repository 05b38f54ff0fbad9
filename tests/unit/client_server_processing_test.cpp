// Server processing as network_overhead stands on it (client/server_timing.hpp): the server's
// total less its recv (the body's transfer), its total when it sent no recv, nothing without one.
#include <gtest/gtest.h>

#include <cmath>

#include "client/server_timing.hpp"
#include "common/test_files.hpp"
#include "report/run_plot_series.hpp"
#include "samples/record.hpp"

using latbench::client::parse_server_timing;
using latbench::client::server_processing_ms;

TEST(ClientServerProcessing, TotalLessRecvWhenTheServerSentBoth) {
  // The reference server's header on a slow link: 112 ms of its 115 ms went to receiving the body.
  auto m = parse_server_timing("recv;dur=112, queue;dur=0, decode;dur=2, infer;dur=0.5, post;dur=0.2, total;dur=115");
  ASSERT_TRUE(server_processing_ms(m));
  EXPECT_DOUBLE_EQ(*server_processing_ms(m), 3.0);
}

TEST(ClientServerProcessing, TotalAloneWhenTheServerSentNoRecv) {
  EXPECT_EQ(server_processing_ms(parse_server_timing("app;dur=7, total;dur=41.5")), 41.5);
}

TEST(ClientServerProcessing, NothingWithoutATotal) {
  EXPECT_FALSE(server_processing_ms(parse_server_timing("recv;dur=3, infer;dur=40")));
  EXPECT_FALSE(server_processing_ms({}));
}

TEST(ClientServerProcessing, ARecvAboveTotalLeavesZeroNotANegativeTime) {
  EXPECT_EQ(server_processing_ms(parse_server_timing("total;dur=2, recv;dur=5")), 0.0);
}

TEST(ClientServerProcessing, SampleUsesTheSameRule) {
  latbench::samples::Sample s;
  s.server = parse_server_timing("recv;dur=10, infer;dur=40, total;dur=51");
  EXPECT_EQ(s.server_total_ms(), 51.0);
  EXPECT_EQ(s.server_processing_ms(), 41.0);
}

TEST(ClientServerProcessing, PlotStackIsProcessingStagesThenNetworkHoldingRecv) {
  const auto path = latbench::test::write_temp_file("latbench-recorded-recv.jsonl",
      R"({"seq":0,"status":200,"total_ms":200,"server":{"recv":110,"infer":40,"total":151},"network_overhead_ms":89})" "\n"
      R"({"seq":1,"status":200,"total_ms":60,"server":{"infer":40,"total":41},"network_overhead_ms":19})" "\n");
  auto run = latbench::report::read_recorded_run(path);
  ASSERT_TRUE(run.ok()) << run.error().what();
  ASSERT_EQ(run->stages.size(), 2u);
  EXPECT_EQ(run->stages[0].name, "infer");
  EXPECT_EQ(run->stages[1].name, "network + overhead");
  // 200 - (151 - 110) = 159: the body's 110 ms are network time; the bands add up to total.
  EXPECT_EQ(run->stages[1].values[0], 159);
  EXPECT_EQ(run->stages[0].values[0] + run->stages[1].values[0], 199);  // + 1 ms unnamed server time
  EXPECT_EQ(run->stages[1].values[1], 19);
  ASSERT_TRUE(run->server);
  EXPECT_EQ(run->server->name, "server processing");
  EXPECT_EQ(run->server->values[0], 41);
}
