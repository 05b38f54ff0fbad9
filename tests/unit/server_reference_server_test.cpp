// The reference server on 127.0.0.1, driven by libcurl: answers, counters, access log.
#include <gtest/gtest.h>

#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "server/reference_server.hpp"
#include "server_test_client.hpp"

using latbench::server::ReferenceServer;
using latbench::server::ServerOptions;
using latbench::test::make_test_jpeg;
using latbench::test::TestClient;

namespace {

struct LogCapture {
  std::mutex mutex;
  std::vector<std::string> lines;
  std::function<void(const std::string&)> sink() {
    return [this](const std::string& line) {
      std::lock_guard lock(mutex);
      lines.push_back(line);
    };
  }
  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return lines;
  }
};

std::string upload_url(const ReferenceServer& s) {
  return "http://127.0.0.1:" + std::to_string(s.port()) + "/api/devices/file/image";
}

}  // namespace

TEST(ServerReferenceServer, RawJpegUploadAnswersCommandsJsonAndCounts) {
  ReferenceServer server(ServerOptions{});
  server.start();
  ASSERT_NE(server.port(), 0);
  auto jpeg = make_test_jpeg(64, 48);
  TestClient client;
  auto r = client.request("POST", upload_url(server), jpeg,
                          {"Content-Type: image/jpeg", "X-Device-Id: cam-1"});
  ASSERT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"commands\":[]"), std::string::npos) << r.body;
  EXPECT_NE(r.headers["server-timing"].find("decode;dur="), std::string::npos);
  server.stop();
  auto c = server.counters();
  EXPECT_EQ(c.connections_accepted, 1u);
  EXPECT_EQ(c.requests, 1u);
  EXPECT_EQ(c.processed, 1u);
  EXPECT_EQ(c.requests_by_status[200], 1u);
  // The body plus at least the request line and the two headers we sent.
  EXPECT_GT(c.bytes_received, jpeg.size() + 60);
  EXPECT_GT(c.bytes_sent, r.body.size());
}

TEST(ServerReferenceServer, KeepAliveReusesOneConnection) {
  ReferenceServer server(ServerOptions{});
  server.start();
  auto jpeg = make_test_jpeg(32, 32);
  TestClient client;
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(client.request("POST", upload_url(server), jpeg, {"X-Device-Id: a"}).status, 200);
  auto c = server.counters();
  EXPECT_EQ(c.connections_accepted, 1u);
  EXPECT_EQ(c.requests, 5u);
}

TEST(ServerReferenceServer, FreshConnectionPerRequestIsCountedEachTime) {
  ReferenceServer server(ServerOptions{});
  server.start();
  auto jpeg = make_test_jpeg(32, 32);
  TestClient client;
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(client.request("POST", upload_url(server), jpeg, {}, /*fresh=*/true).status, 200);
  EXPECT_EQ(server.counters().connections_accepted, 4u);
  EXPECT_EQ(server.counters().requests, 4u);
}

TEST(ServerReferenceServer, WritesOneUvicornAccessLinePerRequest) {
  LogCapture log;
  ServerOptions options;
  options.log_sink = log.sink();
  ReferenceServer server(options);
  server.start();
  TestClient client;
  client.request("POST", upload_url(server), make_test_jpeg(40, 30), {"X-Device-Id: d"});
  client.request("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/nope");
  server.stop();
  std::vector<std::string> access;
  for (auto& l : log.snapshot())
    if (l.rfind("INFO:", 0) == 0) access.push_back(l);
  ASSERT_EQ(access.size(), 2u);
  std::regex upload(R"(INFO:     127\.0\.0\.1:\d+ - "POST /api/devices/file/image HTTP/1\.1" 200 OK)");
  std::regex missing(R"(INFO:     127\.0\.0\.1:\d+ - "GET /nope HTTP/1\.1" 404 Not Found)");
  EXPECT_TRUE(std::regex_match(access[0], upload)) << access[0];
  EXPECT_TRUE(std::regex_match(access[1], missing)) << access[1];
}

TEST(ServerReferenceServer, NonJpegBodyIs422) {
  ReferenceServer server(ServerOptions{});
  server.start();
  TestClient client;
  auto r = client.request("POST", upload_url(server), "definitely not a jpeg");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("not a JPEG"), std::string::npos) << r.body;
  EXPECT_EQ(server.counters().processed, 0u);
}

TEST(ServerReferenceServer, StartOnABusyPortThrowsNamingTheAddress) {
  ReferenceServer first(ServerOptions{});
  first.start();
  ServerOptions options;
  options.port = first.port();
  ReferenceServer second(options);
  try {
    second.start();
    FAIL() << "second bind succeeded";
  } catch (const latbench::Error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
}
