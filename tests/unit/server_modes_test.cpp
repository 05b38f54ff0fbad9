// Reference server behaviour that needs the real server: sync vs async, model slots queueing,
// warm-up, encodings, commands, /stats, graceful stop.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "server/reference_server.hpp"
#include "server/upload_body.hpp"
#include "server_test_client.hpp"
#include "common/wait_for.hpp"

using namespace latbench::server;
using latbench::test::wait_for;
using namespace std::chrono_literals;
using latbench::test::make_test_jpeg;
using latbench::test::server_timing_ms;
using latbench::test::TestClient;

namespace {

std::string base(const ReferenceServer& s) { return "http://127.0.0.1:" + std::to_string(s.port()); }
std::string upload(const ReferenceServer& s) { return base(s) + "/api/devices/file/image"; }

ServerOptions with_infer(const char* spec, Mode mode = Mode::sync) {
  ServerOptions o;
  o.mode = mode;
  o.processing.infer = Distribution::parse(spec, "test").take();
  o.processing.post_cost = 0ms;
  return o;
}

}  // namespace

TEST(ServerModes, SyncAnswersAfterInferenceAndReportsStages) {
  ReferenceServer server(with_infer("fixed(30ms)"));
  server.start();
  TestClient client;
  auto r = client.request("POST", upload(server), make_test_jpeg(320, 240));
  ASSERT_EQ(r.status, 200);
  auto timing = r.headers["server-timing"];
  EXPECT_GE(server_timing_ms(timing, "infer"), 30.0) << timing;
  EXPECT_GT(server_timing_ms(timing, "decode"), 0.0) << timing;
  EXPECT_GE(server_timing_ms(timing, "total"), server_timing_ms(timing, "infer")) << timing;
  EXPECT_NE(r.body.find("\"status\":\"processed\""), std::string::npos);
}

TEST(ServerModes, OneModelSlotMakesConcurrentRequestsQueue) {
  ReferenceServer server(with_infer("fixed(300ms)"));
  server.start();
  auto jpeg = make_test_jpeg(64, 64);
  auto send = [&] {
    TestClient client;
    return client.request("POST", upload(server), jpeg);
  };
  auto a = std::async(std::launch::async, send);
  // Once A's header is in, A is in the model slot within a millisecond; B then waits for it.
  ASSERT_TRUE(wait_for([&] { return server.counters().requests == 1; }));
  auto rb = send();
  auto ra = a.get();
  ASSERT_EQ(ra.status, 200);
  ASSERT_EQ(rb.status, 200);
  // B waited for most of A's 300 ms (half of it leaves room for a busy machine).
  EXPECT_GE(server_timing_ms(rb.headers["server-timing"], "queue"), 150.0);
  EXPECT_LT(server_timing_ms(ra.headers["server-timing"], "queue"), 150.0);
}

TEST(ServerModes, TwoModelSlotsServeTwoAtOnce) {
  auto options = with_infer("fixed(300ms)");
  options.processing.workers = 2;
  ReferenceServer server(options);
  server.start();
  auto jpeg = make_test_jpeg(64, 64);
  auto send = [&] {
    TestClient client;
    return client.request("POST", upload(server), jpeg);
  };
  auto a = std::async(std::launch::async, send);
  ASSERT_TRUE(wait_for([&] { return server.counters().requests == 1; }));
  auto rb = send();
  auto ra = a.get();
  EXPECT_LT(server_timing_ms(ra.headers["server-timing"], "queue"), 150.0);
  EXPECT_LT(server_timing_ms(rb.headers["server-timing"], "queue"), 150.0);
}

TEST(ServerModes, AsyncAnswersAtOnceAndDropsWhenTheQueueIsFull) {
  auto options = with_infer("fixed(300ms)", Mode::async);
  options.queue_capacity = 1;
  ReferenceServer server(options);
  server.start();
  auto jpeg = make_test_jpeg(64, 64);
  TestClient client;
  auto first = client.request("POST", upload(server), jpeg);
  EXPECT_EQ(first.status, 200);
  EXPECT_LT(server_timing_ms(first.headers["server-timing"], "total"), 300.0);
  EXPECT_NE(first.body.find("\"status\":\"queued\""), std::string::npos);
  // The single slot takes the first image; the second waits in the queue of 1; the rest drop.
  ASSERT_TRUE(wait_for([&] { return server.counters().queue_depth == 0; }));
  EXPECT_EQ(client.request("POST", upload(server), jpeg).status, 200);
  auto third = client.request("POST", upload(server), jpeg);
  EXPECT_EQ(third.status, 503);
  EXPECT_NE(third.body.find("\"status\":\"dropped\""), std::string::npos) << third.body;
  EXPECT_EQ(third.headers["x-drop-reason"], "queue full");  // shed, not failed
  EXPECT_EQ(first.headers.count("x-drop-reason"), 0u);
  EXPECT_EQ(server.counters().dropped, 1u);
  server.stop();  // drains the queue: both accepted images are processed
  EXPECT_EQ(server.counters().processed, 2u);
}

TEST(ServerModes, WarmupCostIsPaidByTheFirstImageOnly) {
  auto options = with_infer("fixed(5ms)");
  options.processing.warmup_cost = 100ms;
  ReferenceServer server(options);
  server.start();
  auto jpeg = make_test_jpeg(32, 32);
  TestClient client;
  auto first = client.request("POST", upload(server), jpeg);
  auto second = client.request("POST", upload(server), jpeg);
  EXPECT_GE(server_timing_ms(first.headers["server-timing"], "infer"), 105.0);
  EXPECT_LT(server_timing_ms(second.headers["server-timing"], "infer"), 90.0);
}

TEST(ServerModes, MultipartAndJsonEncodingsAreProcessed) {
  ReferenceServer server(with_infer("fixed(0ms)"));
  server.start();
  auto jpeg = make_test_jpeg(48, 32);
  TestClient client;
  std::string multipart =
      "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" + jpeg + "\r\n--b0undary--\r\n";
  auto m = client.request("POST", upload(server), multipart,
                          {"Content-Type: multipart/form-data; boundary=b0undary"});
  EXPECT_EQ(m.status, 200) << m.body;
  auto j = client.request("POST", upload(server), R"({"image":")" + base64_encode(jpeg) + "\"}",
                          {"Content-Type: application/json"});
  EXPECT_EQ(j.status, 200) << j.body;
  auto broken = client.request("POST", upload(server), R"({"image":"@@@"})",
                               {"Content-Type: application/json"});
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(server.counters().processed, 2u);
}

TEST(ServerModes, QueuedCommandsLeaveWithTheDevicesNextUploadOnce) {
  ReferenceServer server(with_infer("fixed(0ms)"));
  server.start();
  TestClient client;
  auto q = client.request("POST", base(server) + "/api/devices/cam-9/commands",
                          R"([{"led":"on"},"reboot"])", {"Content-Type: application/json"});
  EXPECT_EQ(q.status, 202) << q.body;
  auto jpeg = make_test_jpeg(16, 16);
  auto other = client.request("POST", upload(server), jpeg, {"X-Device-Id: cam-1"});
  EXPECT_NE(other.body.find("\"commands\":[]"), std::string::npos) << other.body;
  auto mine = client.request("POST", upload(server), jpeg, {"X-Device-Id: cam-9"});
  EXPECT_NE(mine.body.find(R"("commands":[{"led":"on"},"reboot"])"), std::string::npos) << mine.body;
  auto again = client.request("POST", upload(server), jpeg, {"X-Device-Id: cam-9"});
  EXPECT_NE(again.body.find("\"commands\":[]"), std::string::npos) << again.body;
  EXPECT_EQ(client.request("POST", base(server) + "/api/devices/cam-9/commands", "{oops").status, 400);
}

TEST(ServerModes, HealthzAndStatsReportCounters) {
  ReferenceServer server(with_infer("fixed(0ms)"));
  server.start();
  TestClient client;
  EXPECT_EQ(client.request("GET", base(server) + "/healthz").body, R"({"status":"ok"})");
  client.request("POST", upload(server), make_test_jpeg(16, 16));
  client.request("GET", base(server) + "/missing");
  auto stats = client.request("GET", base(server) + "/stats");
  EXPECT_EQ(stats.status, 200);
  // healthz 200, upload 200, missing 404 were answered before /stats was.
  EXPECT_NE(stats.body.find(R"("requests_by_status":{"200":2,"404":1})"), std::string::npos)
      << stats.body;
  EXPECT_NE(stats.body.find(R"("connections_accepted":1)"), std::string::npos) << stats.body;
  EXPECT_NE(stats.body.find(R"("processed":1)"), std::string::npos) << stats.body;
  EXPECT_EQ(client.request("DELETE", base(server) + "/stats").status, 405);
}

TEST(ServerModes, StopFinishesTheRequestInFlight) {
  ReferenceServer server(with_infer("fixed(300ms)"));
  server.start();
  auto jpeg = make_test_jpeg(32, 32);
  auto pending = std::async(std::launch::async, [&] {
    TestClient client;
    return client.request("POST", upload(server), jpeg);
  });
  ASSERT_TRUE(wait_for([&] { return server.counters().requests == 1; }));
  server.stop();
  auto r = pending.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_EQ(server.counters().processed, 1u);
  TestClient late;
  EXPECT_NE(late.request("GET", base(server) + "/healthz").code, CURLE_OK);  // no longer listening
}
