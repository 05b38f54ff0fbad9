// Hard limits and bad input: 413, 400, 408, idle close, connection cap. A raw socket sends what
// a well-behaved client would not.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "server/reference_server.hpp"
#include "server_test_client.hpp"

using namespace latbench::server;
using namespace std::chrono_literals;
using latbench::test::RawConnection;
using latbench::test::TestClient;

namespace {

ServerOptions fast_limits() {
  ServerOptions o;
  o.processing.post_cost = 0ms;
  o.max_body_bytes = 1000;
  o.header_timeout = 150ms;
  o.body_timeout = 150ms;
  o.idle_timeout = 150ms;
  return o;
}

}  // namespace

TEST(ServerLimits, BodyOverMaxBodyIs413) {
  ReferenceServer server(fast_limits());
  server.start();
  TestClient client;
  auto r = client.request("POST", "http://127.0.0.1:" + std::to_string(server.port()) +
                                      "/api/devices/file/image",
                          std::string(5000, 'x'));
  EXPECT_EQ(r.status, 413);
  // The status is counted once the answer is written, which the client may see first.
  for (int i = 0; i < 2000 && server.counters().requests_by_status[413] == 0; ++i)
    std::this_thread::sleep_for(1ms);
  EXPECT_EQ(server.counters().requests_by_status[413], 1u);
}

TEST(ServerLimits, MalformedRequestLineIs400AndClosed) {
  ReferenceServer server(fast_limits());
  server.start();
  RawConnection c(server.port());
  ASSERT_TRUE(c.connected());
  c.send_text("THIS IS NOT HTTP\r\n\r\n");
  auto reply = c.read_all(2s);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  EXPECT_TRUE(c.closed());
}

TEST(ServerLimits, SlowHeaderGets408) {
  ReferenceServer server(fast_limits());
  server.start();
  RawConnection c(server.port());
  c.send_text("POST /api/devices/file/image HTTP/1.1\r\nHost: x\r\n");  // never finished
  auto reply = c.read_all(2s);
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  EXPECT_TRUE(c.closed());
}

TEST(ServerLimits, SlowBodyGets408) {
  ReferenceServer server(fast_limits());
  server.start();
  RawConnection c(server.port());
  c.send_text("POST /api/devices/file/image HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\nabc");
  auto reply = c.read_all(2s);
  EXPECT_EQ(reply.rfind("HTTP/1.1 408", 0), 0u) << reply;
  EXPECT_TRUE(c.closed());
}

TEST(ServerLimits, IdleConnectionIsClosedWithoutAnAnswer) {
  ReferenceServer server(fast_limits());
  server.start();
  RawConnection c(server.port());
  auto reply = c.read_all(2s);
  EXPECT_TRUE(reply.empty()) << reply;
  EXPECT_TRUE(c.closed());
}

// Connections mid-request are not idle, so there is none to evict for the newcomer.
TEST(ServerLimits, ConnectionsBeyondTheCapAreClosedAtOnceWhenNoneIsIdle) {
  auto options = fast_limits();
  options.header_timeout = 5s;
  options.idle_timeout = 5s;
  options.max_connections = 2;
  ReferenceServer server(options);
  server.start();
  RawConnection a(server.port()), b(server.port());
  a.send_text("GET /healthz HTTP/1.1\r\n");
  b.send_text("GET /healthz HTTP/1.1\r\n");
  // Let the server accept a and b, and both start their headers, before the third arrives.
  for (int i = 0; i < 500 && server.counters().connections_open < 2; ++i)
    std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);
  RawConnection c(server.port());
  c.read_all(2s);
  EXPECT_TRUE(c.closed());
  EXPECT_EQ(server.counters().connections_rejected, 1u);
  EXPECT_EQ(server.counters().connections_accepted, 3u);
  EXPECT_EQ(server.counters().connections_evicted, 0u);
}

namespace {

long resident_kb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

}  // namespace

TEST(ServerLimits, ThousandSlowConnectionsStayBoundedAndOthersAreStillServed) {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  if (files.rlim_cur < 2200) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 2200);
    setrlimit(RLIMIT_NOFILE, &files);
  }
  if (files.rlim_cur < 2200) GTEST_SKIP() << "needs 2,200 file descriptors";
  auto options = fast_limits();
  options.header_timeout = 30s;
  options.idle_timeout = 30s;
  options.shutdown_grace = 200ms;
  ReferenceServer server(options);
  server.start();
  long before = resident_kb();
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 1000; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server.port()));
    slow.back()->send_text("POST /api/devices/file/image HTTP/1.1\r\nHost: x\r\n");  // unfinished
  }
  for (int i = 0; i < 5000 && server.counters().connections_open < 1000; ++i)
    std::this_thread::sleep_for(1ms);
  EXPECT_EQ(server.counters().connections_open, 1000u);
  // 64 KiB read buffer + a session per connection: well under 200 MB for 1,000 of them.
  EXPECT_LT(resident_kb() - before, 200 * 1024);
  TestClient client;
  auto r = client.request("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/healthz");
  EXPECT_EQ(r.status, 200);
  server.stop();  // the slow ones are cut after the grace period
  EXPECT_EQ(server.counters().connections_open, 0u);
}
