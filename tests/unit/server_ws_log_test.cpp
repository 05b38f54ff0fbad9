// /ws/frames log lines read back by latbench's own log readers (src/logs/), as `latbench analyze`
// would read a serve log: a frame line is an access line under one path, by status; uvicorn's
// own WebSocket lines are not access lines; jsonl lines are JSON with every stage.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "logs/uvicorn_access.hpp"
#include "server/ws_log.hpp"

using namespace latbench::server;
using namespace std::chrono_literals;

namespace {

WsFrameRecord record(FrameStatus status) {
  WsFrameRecord r;
  r.session = 3;
  r.client = "127.0.0.1:56071";
  r.path = "/ws/frames";
  r.frame_id = 17;
  r.seq = 2;
  r.status = status;
  r.bytes_in = 25000;
  r.bytes_out = 183;
  r.timing.queue = 1500us;
  r.timing.infer = 40ms;
  return r;
}

}  // namespace

TEST(ServerWsLog, AFrameLineIsAnAccessLineUnderOnePathWithTheUploadsStatus) {
  std::string buffer;
  for (auto [status, code] : {std::pair{FrameStatus::processed, "200"}, {FrameStatus::dropped, "503"},
                              {FrameStatus::undecodable, "422"}, {FrameStatus::bad_frame, "400"}}) {
    auto line = uvicorn_ws_frame_line(record(status));
    latbench::logs::UvicornAccess a;
    ASSERT_TRUE(latbench::logs::parse_uvicorn_access(line, a, buffer)) << line;
    EXPECT_EQ(a.method, "FRAME");
    EXPECT_EQ(a.path, "/ws/frames");  // the frame id is in the query
    EXPECT_EQ(a.status, code) << line;
  }
  EXPECT_EQ(uvicorn_ws_frame_line(record(FrameStatus::processed)),
            R"(INFO:     127.0.0.1:56071 - "FRAME /ws/frames?frame_id=17" 200 OK)");
}

TEST(ServerWsLog, UvicornsOwnWebSocketLinesAreNotAccessLines) {
  std::string buffer;
  latbench::logs::UvicornAccess a;
  auto accepted = uvicorn_ws_accepted_line("127.0.0.1:56071", "/ws/frames");
  EXPECT_EQ(accepted, R"(INFO:     127.0.0.1:56071 - "WebSocket /ws/frames" [accepted])");
  EXPECT_FALSE(latbench::logs::parse_uvicorn_access(accepted, a, buffer));
  EXPECT_FALSE(latbench::logs::parse_uvicorn_access(uvicorn_ws_open_line(), a, buffer));
  EXPECT_FALSE(latbench::logs::parse_uvicorn_access(uvicorn_ws_closed_line(), a, buffer));
}

TEST(ServerWsLog, JsonlLinesCarryTheSessionTheFrameAndEveryStage) {
  auto frame = nlohmann::json::parse(jsonl_ws_frame_line(record(FrameStatus::dropped), 1.5));
  EXPECT_EQ(frame["event"], "ws_frame");
  EXPECT_EQ(frame["session"], 3);
  EXPECT_EQ(frame["frame_id"], 17);
  EXPECT_EQ(frame["seq"], 2);
  EXPECT_EQ(frame["status"], 503);
  EXPECT_EQ(frame["result"], "dropped");
  EXPECT_DOUBLE_EQ(frame["stages_ms"]["queue"], 1.5);
  EXPECT_DOUBLE_EQ(frame["stages_ms"]["infer"], 40);
  EXPECT_EQ(frame["stages_ms"].size(), 7u);
  WsSessionRecord s;
  s.session = 3;
  s.frames = 10;
  s.dropped = 4;
  s.close_code = 1009;
  s.why = "message too big";
  auto close = nlohmann::json::parse(jsonl_ws_close_line(s, 2.0));
  EXPECT_EQ(close["event"], "ws_close");
  EXPECT_EQ(close["close_code"], 1009);
  EXPECT_EQ(close["dropped"], 4);
  EXPECT_EQ(close["why"], "message too big");
  auto open = nlohmann::json::parse(jsonl_ws_open_line(3, "127.0.0.1:1", "/ws/frames", 1.0));
  EXPECT_EQ(open["event"], "ws_open");
}
