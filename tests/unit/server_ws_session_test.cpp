// /ws/frames sessions inside a ReferenceServer, driven by a Beast WebSocket client with deadlines:
// the upgrade on the upload port, counters, the idle timeout, stop() with a session open,
// eviction of an idle session for a newcomer, and a client that never reads its answers.
// Loopback only; every wait bounded.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <nlohmann/json.hpp>

#include <future>
#include <optional>
#include <thread>

#include "server/reference_server.hpp"
#include "server_test_client.hpp"
#include "common/wait_for.hpp"

using namespace latbench::server;
using latbench::test::wait_for;
using namespace std::chrono_literals;
using latbench::test::make_test_jpeg;
using latbench::test::TestClient;
using Clock = std::chrono::steady_clock;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// A WebSocket client whose every read has a deadline (Beast's sync reads have none).
class WsClient {
 public:
  explicit WsClient(std::uint16_t port) {
    m_ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    m_ws.handshake("127.0.0.1", "/ws/frames");
    m_ws.binary(true);
  }

  void send(const std::string& bytes) { m_ws.write(asio::buffer(bytes)); }

  // One message within `deadline`, or nullopt with error() saying why (timeout, closed, ...).
  std::optional<std::string> read(std::chrono::milliseconds deadline) {
    beast::flat_buffer buffer;
    bool done = false;
    m_ws.async_read(buffer, [&](beast::error_code ec, std::size_t) {
      m_error = ec;
      done = true;
    });
    m_io.restart();
    m_io.run_for(deadline);
    if (!done) {
      beast::error_code ignored;
      m_ws.next_layer().cancel(ignored);
      m_io.restart();
      m_io.run_for(1s);
      m_error = beast::error::timeout;
      return std::nullopt;
    }
    if (m_error) return std::nullopt;
    return beast::buffers_to_string(buffer.data());
  }

  beast::error_code error() const { return m_error; }
  int close_code() const { return m_ws.reason().code; }

 private:
  asio::io_context m_io;
  websocket::stream<tcp::socket> m_ws{m_io};
  beast::error_code m_error;
};

ServerOptions quick() {
  ServerOptions o;
  o.processing.post_cost = 0ms;
  o.shutdown_grace = 2s;
  return o;
}

}  // namespace

TEST(ServerWsSession, UpgradesOnTheUploadPortAndUploadsStillWork) {
  ReferenceServer server(quick());
  server.start();
  auto jpeg = make_test_jpeg(64, 48);
  WsClient ws(server.port());
  for (int i = 1; i <= 3; ++i) {
    ws.send(jpeg);
    auto answer = ws.read(5s);
    ASSERT_TRUE(answer) << ws.error().message();
    auto j = nlohmann::json::parse(*answer);
    EXPECT_EQ(j["frame_id"], i);
    EXPECT_EQ(j["status"], "processed");
    EXPECT_EQ(j["width"], 64);
  }
  TestClient http;
  auto r = http.request("POST", "http://127.0.0.1:" + std::to_string(server.port()) +
                                    "/api/devices/file/image", jpeg);
  EXPECT_EQ(r.status, 200) << r.body;
  auto c = server.counters();
  EXPECT_EQ(c.ws_sessions, 1u);
  EXPECT_EQ(c.ws_sessions_open, 1u);
  EXPECT_EQ(c.ws_frames, 3u);
  EXPECT_EQ(c.ws_processed, 3u);
  EXPECT_EQ(c.processed, 1u);  // uploads only
  auto stats = nlohmann::json::parse(
      http.request("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/stats").body);
  EXPECT_EQ(stats["ws"]["frames"], 3);
  EXPECT_EQ(stats["ws"]["sessions_open"], 1);
}

TEST(ServerWsSession, APlainGetOnTheFramesPathIs426AndAPostIs405) {
  ReferenceServer server(quick());
  server.start();
  TestClient http;
  auto url = "http://127.0.0.1:" + std::to_string(server.port()) + "/ws/frames";
  auto get = http.request("GET", url);
  EXPECT_EQ(get.status, 426) << get.body;
  EXPECT_NE(get.body.find("WebSocket"), std::string::npos) << get.body;
  EXPECT_EQ(http.request("POST", url, "x").status, 405);
}

TEST(ServerWsSession, ASessionWithoutFramesIsClosedAfterTheIdleTimeout) {
  auto options = quick();
  options.idle_timeout = 300ms;
  ReferenceServer server(options);
  server.start();
  WsClient ws(server.port());
  auto t0 = Clock::now();
  EXPECT_FALSE(ws.read(5s));
  EXPECT_EQ(ws.error(), websocket::error::closed) << ws.error().message();
  EXPECT_EQ(ws.close_code(), 1001);  // going away
  EXPECT_GE(Clock::now() - t0, 250ms);
  EXPECT_TRUE(wait_for([&] { return server.counters().ws_sessions_open == 0; }));
}

TEST(ServerWsSession, StopAnswersTheFrameInHandThenClosesTheSession) {
  auto options = quick();
  options.processing.infer = Distribution::parse("fixed(300ms)", "infer").take();
  ReferenceServer server(options);
  server.start();
  WsClient ws(server.port());
  ws.send(make_test_jpeg(32, 32));
  std::this_thread::sleep_for(50ms);  // the frame is on the model
  auto t0 = Clock::now();
  auto stopped = std::async(std::launch::async, [&] { server.stop(); });
  auto answer = ws.read(5s);
  ASSERT_TRUE(answer) << ws.error().message();
  EXPECT_EQ(nlohmann::json::parse(*answer)["status"], "processed");
  EXPECT_FALSE(ws.read(5s));
  EXPECT_EQ(ws.close_code(), 1001);
  ASSERT_EQ(stopped.wait_for(5s), std::future_status::ready);
  EXPECT_LT(Clock::now() - t0, 2s);
}

TEST(ServerWsSession, AnIdleSessionMakesRoomForANewcomer) {
  auto options = quick();
  options.max_connections = 1;
  ReferenceServer server(options);
  server.start();
  WsClient ws(server.port());
  ws.send(make_test_jpeg(32, 32));
  ASSERT_TRUE(ws.read(5s));  // answered, now idle
  TestClient http;
  auto r = http.request("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(server.counters().connections_evicted, 1u);
  EXPECT_FALSE(ws.read(2s));
  EXPECT_NE(ws.error(), beast::error::timeout) << "the evicted session was not closed";
}

TEST(ServerWsSession, AClientThatNeverReadsIsCutAfterTheBodyTimeout) {
  auto options = quick();
  options.body_timeout = 500ms;
  options.ws.answer_bytes = 1u << 20;  // 40 answers of 1 MiB: more than the socket buffers hold
  ReferenceServer server(options);
  server.start();
  WsClient ws(server.port());
  auto jpeg = make_test_jpeg(32, 32);
  for (int i = 0; i < 40; ++i) ws.send(jpeg);
  ASSERT_TRUE(wait_for([&] { return server.counters().ws_processed >= 1; }));
  EXPECT_TRUE(wait_for([&] { return server.counters().ws_sessions_open == 0; }, 10s))
      << "the session is still open";
  EXPECT_TRUE(wait_for([&] { return server.counters().connections_open == 0; }, 5s));
}

TEST(ServerWsSession, FramesHeldPastFourMaxMessagesStopTheReadingNotTheSession) {
  auto options = quick();
  options.ws.max_message_bytes = 1u << 20;  // the budget: 4 MiB of held frames
  options.processing.decode = DecodeMode::none;
  options.processing.infer = Distribution::parse("fixed(300ms)", "infer").take();
  ReferenceServer server(options);
  server.start();
  WsClient ws(server.port());
  const std::string frame(900'000, 'x');
  // The sends block once the server stops reading: from their own thread, which alone uses the
  // stream until it is done.
  std::thread sender([&] {
    for (int i = 0; i < 10; ++i) ws.send(frame);
  });
  ASSERT_TRUE(wait_for([&] { return server.counters().ws_frames >= 5; }));
  std::this_thread::sleep_for(100ms);  // the first frame still runs (300 ms)
  auto c = server.counters();
  // 5 x 900 KB = 4.5 MB >= 4 MiB: the fifth is the last read, though 50 places are free. Held =
  // read - processed (processed counts before a frame's bytes are released, so reading resumes
  // after it): never above 5, even when the first 300 ms frame has ended by now (a slow ASan run).
  EXPECT_GE(c.ws_frames, 5u);
  EXPECT_LE(c.ws_frames - c.ws_processed, 5u) << c.ws_frames << " read, " << c.ws_processed << " processed";
  EXPECT_LT(c.ws_frames, 10u) << "all read: the budget did not stop the reading";
  EXPECT_TRUE(wait_for([&] { return server.counters().ws_processed == 10; }, 10s));
  sender.join();
  EXPECT_EQ(server.counters().ws_dropped, 0u);
  for (int i = 1; i <= 10; ++i) {
    auto answer = ws.read(5s);
    ASSERT_TRUE(answer) << ws.error().message();
    EXPECT_EQ(nlohmann::json::parse(*answer)["frame_id"], i);
  }
}
