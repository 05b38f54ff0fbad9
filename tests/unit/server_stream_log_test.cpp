// /ws/stream's log lines: the users' words exactly (seed 001), and samples/ws_stream.format.yaml
// reading what the server writes (counts and stages), so the log and its format cannot drift.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "common/test_files.hpp"
#include "common/test_paths.hpp"
#include "logs/read_log.hpp"
#include "server/reference_server.hpp"
#include "server/stream_log.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using server::LogFormat;

namespace {

server::StreamFrame frame(std::uint64_t id, int quality, std::size_t bytes) {
  server::StreamFrame f;
  f.frame_id = id;
  f.quality = quality;
  f.message.assign(bytes, 'x');
  return f;
}

}  // namespace

TEST(ServerStreamLog, UvicornLinesAreTheUsersWords) {
  const server::StreamViewerTag v{3, "127.0.0.1:5555"};
  EXPECT_EQ(server::stream_queued_line(LogFormat::uvicorn, v, 100, 80, 0), "INFO:     Frame 100 queued (quality: 80%)");
  EXPECT_EQ(server::stream_dropped_line(LogFormat::uvicorn, v, 101, 0), "WARNING:  Dropping frame 101 - queue full");
  EXPECT_EQ(server::stream_depth_line(LogFormat::uvicorn, v, 12, 540123, 0),
            "INFO:     Queue size 12 for 127.0.0.1:5555 (held 540123 bytes)");
  const auto sent = server::stream_sent_line(LogFormat::uvicorn, v, frame(100, 70, 45123),
                                             {3210us, 120400us, 1100us, 125ms}, 0);
  EXPECT_EQ(sent, "INFO:     Frame 100 sent to 127.0.0.1:5555 (quality: 70%, 45123 bytes, encode 3.210ms, "
                  "queue 120.400ms, send 1.100ms, age 125.000ms)");
}

TEST(ServerStreamLog, JsonlLinesCarryTheViewerAndTheStages) {
  const server::StreamViewerTag v{3, "127.0.0.1:5555"};
  const auto sent = server::stream_sent_line(LogFormat::jsonl, v, frame(7, 60, 10), {1ms, 2ms, 3ms, 4ms}, 1.5);
  EXPECT_NE(sent.find(R"("event":"stream_sent")"), std::string::npos) << sent;
  EXPECT_NE(sent.find(R"("viewer":3)"), std::string::npos) << sent;
  EXPECT_NE(sent.find(R"("stages_ms":{"age":4.0,"encode":1.0,"queue":2.0,"send":3.0})"), std::string::npos) << sent;
}

TEST(ServerStreamLog, TheFormatFileReadsWhatTheServerWrites) {
  const server::StreamViewerTag v{1, "127.0.0.1:40000"};
  server::ViewerQueue::Counts counts;
  counts.produced = 4;
  std::string log = "INFO:     127.0.0.1:40000 - \"WebSocket /ws/stream\" [accepted]\nINFO:     connection open\n";
  log += server::stream_queued_line(LogFormat::uvicorn, v, 1, 80, 0) + "\n";
  log += server::stream_sent_line(LogFormat::uvicorn, v, frame(1, 80, 1000), {2ms, 1ms, 500us, 4ms}, 0) + "\n";
  log += server::stream_queued_line(LogFormat::uvicorn, v, 2, 70, 0) + "\n";
  log += server::stream_dropped_line(LogFormat::uvicorn, v, 3, 0) + "\n";
  log += server::stream_dropped_line(LogFormat::uvicorn, v, 4, 0) + "\n";
  log += server::stream_sent_line(LogFormat::uvicorn, v, frame(2, 70, 800), {1ms, 3ms, 500us, 6ms}, 0) + "\n";
  log += server::stream_close_line(LogFormat::uvicorn, v, counts, "client closed", 0) + "\n";
  const auto path = test::write_temp_file("latbench_stream_log_test.log", log);
  logs::ReadOptions options;
  options.format = test::sample("ws_stream.format.yaml");
  auto read = logs::read_log(path.string(), options);
  ASSERT_TRUE(read) << read.error().what();
  const auto& events = read->counts.at("events");
  EXPECT_EQ(events.at("queued"), 2u);
  EXPECT_EQ(events.at("dropped"), 2u);
  EXPECT_EQ(events.at("sent"), 2u);
  EXPECT_EQ(events.at("viewer_closed"), 1u);
  std::map<std::string, std::vector<double>> series;
  for (const auto& s : logs::log_series(*read)) series[s.name] = s.values;
  EXPECT_EQ(series["age"], (std::vector<double>{4, 6}));
  EXPECT_EQ(series["encode"], (std::vector<double>{2, 1}));
  EXPECT_EQ(series["bytes"], (std::vector<double>{1000, 800}));
  EXPECT_EQ(series["quality"], (std::vector<double>{80, 70}));
  EXPECT_EQ(read->table.rows(), 2u);
}
