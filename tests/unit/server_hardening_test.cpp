// One request must never take the reference server down (issue 13): deep JSON, a decoder left
// broken by a corrupt frame, garbage taken for an image, silent connections holding every slot,
// slowloris, a client that leaves mid-body. Loopback only, each bounded in count and time; the
// exact figures are bench/server_abuse.sh's, the bounds here are loose.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <memory>
#include <thread>
#include <vector>

#include "server/reference_server.hpp"
#include "server_abuse_inputs.hpp"
#include "server_test_client.hpp"
#include "common/wait_for.hpp"

using namespace latbench::server;
using latbench::test::wait_for;
using namespace std::chrono_literals;
using latbench::test::make_test_jpeg;
using latbench::test::nested_json_array;
using latbench::test::RawConnection;
using latbench::test::TestClient;
using latbench::test::with_bogus_sof_length;
using Clock = std::chrono::steady_clock;

namespace {

std::string base(const ReferenceServer& s) { return "http://127.0.0.1:" + std::to_string(s.port()); }
std::string upload(const ReferenceServer& s) { return base(s) + "/api/devices/file/image"; }

ServerOptions quick(unsigned workers = 1) {
  ServerOptions o;
  o.processing.post_cost = 0ms;
  o.processing.workers = workers;
  o.shutdown_grace = 200ms;
  return o;
}

void raise_file_limit(rlim_t wanted) {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  if (files.rlim_cur < wanted) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, wanted);
    setrlimit(RLIMIT_NOFILE, &files);
  }
}

}  // namespace

// ---- 1. deep JSON ----

TEST(ServerHardening, CommandsNestedAMillionDeepAre400AndTheServerLives) {
  auto options = quick();
  options.max_body_bytes = 4u << 20;  // 2 MB of brackets must reach the endpoint
  ReferenceServer server(options);
  server.start();
  TestClient client;
  auto r = client.request("POST", base(server) + "/api/devices/cam-1/commands",
                          nested_json_array(1000000));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("nested deeper than 256 levels"), std::string::npos) << r.body;
  // 256 levels is still a command.
  auto ok = client.request("POST", base(server) + "/api/devices/cam-1/commands",
                           nested_json_array(256));
  EXPECT_EQ(ok.status, 202) << ok.body;
  EXPECT_EQ(client.request("GET", base(server) + "/healthz").status, 200);
}

TEST(ServerHardening, JsonUploadNestedAMillionDeepIs400) {
  auto options = quick();
  options.max_body_bytes = 4u << 20;
  ReferenceServer server(options);
  server.start();
  TestClient client;
  auto r = client.request("POST", upload(server), R"({"image":)" + nested_json_array(1000000) + "}",
                          {"Content-Type: application/json"});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("nested deeper"), std::string::npos) << r.body;
}

// ---- 2. the poisoned decoder ----

// With one model slot every decode runs on the same thread, so the same libjpeg-turbo handle.
TEST(ServerHardening, ABogusFrameLeavesTheNextDecodeClean) {
  for (unsigned workers : {0u, 1u}) {
    ReferenceServer server(quick(workers));
    server.start();
    TestClient client;
    auto good = make_test_jpeg(64, 48);
    auto bad = with_bogus_sof_length(good);
    ASSERT_FALSE(bad.empty());
    auto refused = client.request("POST", upload(server), bad);
    EXPECT_EQ(refused.status, 422) << "workers " << workers << ": " << refused.body;
    EXPECT_NE(refused.body.find("Bogus marker length"), std::string::npos) << refused.body;
    for (int i = 0; i < 3; ++i) {
      auto r = client.request("POST", upload(server), good);
      EXPECT_EQ(r.status, 200) << "workers " << workers << ", good frame " << i << ": " << r.body;
    }
  }
}

// ---- 4. garbage taken for an image ----

TEST(ServerHardening, FramesThatDoNotDecodeAre422AndCounted) {
  ReferenceServer server(quick());
  server.start();
  TestClient client;
  auto jpeg = make_test_jpeg(320, 240);
  auto header_only = client.request("POST", upload(server), std::string("\xFF\xD8\xFF\xE0", 4));
  EXPECT_EQ(header_only.status, 422) << header_only.body;
  EXPECT_NE(header_only.body.find("no frame header"), std::string::npos) << header_only.body;
  auto half = client.request("POST", upload(server), jpeg.substr(0, jpeg.size() / 2));
  EXPECT_EQ(half.status, 422) << half.body;
  EXPECT_NE(half.body.find("Premature end of JPEG file"), std::string::npos) << half.body;
  EXPECT_EQ(client.request("POST", upload(server), jpeg).status, 200);
  auto stats = client.request("GET", base(server) + "/stats");
  EXPECT_NE(stats.body.find(R"("undecodable":2)"), std::string::npos) << stats.body;
  EXPECT_NE(stats.body.find(R"("processed":1)"), std::string::npos) << stats.body;
  EXPECT_EQ(server.counters().undecodable, 2u);
}

TEST(ServerHardening, AFrameClaimingMoreThan8KIsRefusedBeforeAllocating) {
  ReferenceServer server(quick());
  server.start();
  auto jpeg = make_test_jpeg(64, 48);
  auto sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  // SOF0: FF C0, length (2), precision (1), height (2), width (2); 0x9C40 = 40000.
  jpeg[sof + 5] = jpeg[sof + 7] = '\x9C';
  jpeg[sof + 6] = jpeg[sof + 8] = '\x40';
  TestClient client;
  auto r = client.request("POST", upload(server), jpeg);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("40000x40000"), std::string::npos) << r.body;
}

TEST(ServerHardening, AsyncModeCountsAFrameThatFailsAfterTheAnswer) {
  auto options = quick();
  options.mode = Mode::async;
  ReferenceServer server(options);
  server.start();
  TestClient client;
  auto jpeg = make_test_jpeg(320, 240);
  // The header reads, so the answer is "queued"; the scan is cut short.
  auto r = client.request("POST", upload(server), jpeg.substr(0, jpeg.size() / 2));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(wait_for([&] { return server.counters().undecodable == 1; }));
  EXPECT_EQ(client.request("POST", upload(server), std::string("\xFF\xD8\xFF\xE0", 4)).status, 422);
}

// ---- 3. silent connections ----

TEST(ServerHardening, ASilentConnectionIsClosedHeaderTimeoutAfterAccept) {
  auto options = quick();
  options.header_timeout = 300ms;
  options.idle_timeout = 30s;  // before: a silent connection waited this long
  ReferenceServer server(options);
  server.start();
  auto t0 = Clock::now();
  RawConnection silent(server.port());
  auto reply = silent.read_all(5s);
  auto waited = Clock::now() - t0;
  EXPECT_TRUE(silent.closed());
  EXPECT_TRUE(reply.empty()) << reply;  // nothing was asked, nothing is answered
  EXPECT_GE(waited, 250ms);
  EXPECT_LT(waited, 3s);
}

TEST(ServerHardening, TheHeaderDeadlineRunsFromAcceptNotFromTheFirstByte) {
  auto options = quick();
  options.header_timeout = 600ms;
  options.idle_timeout = 30s;
  ReferenceServer server(options);
  server.start();
  RawConnection c(server.port());
  auto t0 = Clock::now();
  std::this_thread::sleep_for(400ms);
  c.send_text("POST /api/devices/file/image HTTP/1.1\r\n");  // never finished
  auto reply = c.read_all(5s);
  auto waited = Clock::now() - t0;
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  // From the first byte it would be 400 + 600 ms.
  EXPECT_LT(waited, 900ms);
}

TEST(ServerHardening, SixteenSilentConnectionsDoNotLockOutAnUpload) {
  auto options = quick();
  options.max_connections = 16;
  options.header_timeout = 30s;
  options.idle_timeout = 30s;
  ReferenceServer server(options);
  server.start();
  std::vector<std::unique_ptr<RawConnection>> silent;
  for (int i = 0; i < 16; ++i) silent.push_back(std::make_unique<RawConnection>(server.port()));
  ASSERT_TRUE(wait_for([&] { return server.counters().connections_open == 16; }));
  TestClient client;
  auto r = client.request("POST", upload(server), make_test_jpeg(64, 48));
  EXPECT_EQ(r.status, 200) << r.body << " curl " << r.code;
  EXPECT_EQ(server.counters().connections_evicted, 1u);
  EXPECT_EQ(server.counters().connections_rejected, 0u);
  // The oldest one went: its client sees the close.
  silent.front()->read_all(2s);
  EXPECT_TRUE(silent.front()->closed());
}

TEST(ServerHardening, AKeepAliveConnectionIdleLongestMakesRoomFirst) {
  auto options = quick();
  options.max_connections = 2;
  options.header_timeout = 30s;
  options.idle_timeout = 30s;
  ReferenceServer server(options);
  server.start();
  TestClient keep_alive;  // one request, then idle on its connection
  ASSERT_EQ(keep_alive.request("GET", base(server) + "/healthz").status, 200);
  std::this_thread::sleep_for(20ms);
  RawConnection silent(server.port());
  ASSERT_TRUE(wait_for([&] { return server.counters().connections_open == 2; }));
  TestClient newcomer;
  EXPECT_EQ(newcomer.request("GET", base(server) + "/healthz", {}, {}, true).status, 200);
  EXPECT_EQ(server.counters().connections_evicted, 1u);
  silent.read_all(300ms);
  EXPECT_FALSE(silent.closed());  // younger than the keep-alive one, so it stayed
}

TEST(ServerHardening, AThousandSilentConnectionsThenARealUploadIsAnswered) {
  raise_file_limit(2200);
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  if (files.rlim_cur < 2200) GTEST_SKIP() << "needs 2,200 file descriptors";
  auto options = quick();
  options.max_connections = 1000;
  options.header_timeout = 30s;
  ReferenceServer server(options);
  server.start();
  std::vector<std::unique_ptr<RawConnection>> silent;
  for (int i = 0; i < 1000; ++i) silent.push_back(std::make_unique<RawConnection>(server.port()));
  ASSERT_TRUE(wait_for([&] { return server.counters().connections_open == 1000; }, 10s));
  TestClient client;
  auto t0 = Clock::now();
  auto r = client.request("POST", upload(server), make_test_jpeg(64, 48));
  EXPECT_EQ(r.status, 200) << r.body << " curl " << r.code;
  EXPECT_LT(Clock::now() - t0, 2s);
}

// ---- slowloris and a client that leaves mid-body ----

TEST(ServerHardening, SlowlorisTricklingAHeaderGets408AtTheHeaderTimeout) {
  auto options = quick();
  options.header_timeout = 1s;
  ReferenceServer server(options);
  server.start();
  RawConnection c(server.port());
  std::string header = "POST /api/devices/file/image HTTP/1.1\r\nHost: x\r\nX-Pad: ";
  auto t0 = Clock::now();
  std::string reply;
  // One byte every 50 ms, for at most 3 s: each byte is progress, but the deadline does not move.
  for (int i = 0; i < 60 && !c.closed() && reply.empty(); ++i) {
    c.send_text(std::string(1, i < static_cast<int>(header.size()) ? header[static_cast<std::size_t>(i)] : 'a'));
    reply = c.read_all(50ms);
  }
  if (reply.empty()) reply = c.read_all(1s);
  auto waited = Clock::now() - t0;
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 2500ms);
}

TEST(ServerHardening, AClientLeavingMidBodyLeavesNothingBehind) {
  ReferenceServer server(quick());
  server.start();
  for (int i = 0; i < 20; ++i) {
    RawConnection c(server.port());
    c.send_text("POST /api/devices/file/image HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
                std::string(1000, 'x'));
  }  // closed with 99,000 bytes owed
  EXPECT_TRUE(wait_for([&] {
    auto c = server.counters();
    return c.connections_accepted == 20 && c.connections_open == 0;
  }));
  TestClient client;
  EXPECT_EQ(client.request("POST", upload(server), make_test_jpeg(64, 48)).status, 200);
  // The server counts an answer after writing it: the client can read the 200 first.
  EXPECT_TRUE(wait_for([&] { return !server.counters().requests_by_status.empty(); }));
  auto c = server.counters();
  EXPECT_EQ(c.requests_by_status.size(), 1u);  // only the upload's 200: nobody to answer the 20
}
