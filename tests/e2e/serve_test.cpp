// `latbench serve` as a user runs it: announces its address, serves, exits 0 on SIGINT/SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include "../unit/server_test_client.hpp"
#include "process.hpp"
#include "serve_process.hpp"

using namespace std::chrono_literals;
using latbench::test::announced_port;
using latbench::test::BackgroundProcess;
using latbench::test::TestClient;

TEST(ServeCli, AnnouncesPortServesUploadsAndExitsZeroOnSigterm) {
  BackgroundProcess serve({"serve", "--port", "0"});
  ASSERT_TRUE(serve.read_until("CTRL+C", 10s)) << serve.output();
  int port = announced_port(serve.output());
  ASSERT_GT(port, 0) << serve.output();
  TestClient client;
  auto url = "http://127.0.0.1:" + std::to_string(port);
  auto r = client.request("POST", url + "/api/devices/file/image",
                          latbench::test::make_test_jpeg(64, 48), {"X-Device-Id: cam"});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(serve.stop(SIGTERM, 10s), 0);
  EXPECT_NE(serve.output().find("\"POST /api/devices/file/image HTTP/1.1\" 200 OK"),
            std::string::npos)
      << serve.output();
  EXPECT_NE(serve.output().find("1 connections, 1 requests, 1 processed"), std::string::npos)
      << serve.output();
}

TEST(ServeCli, SigintAlsoExitsZero) {
  BackgroundProcess serve({"serve", "--port", "0", "--no-access-log"});
  ASSERT_TRUE(serve.read_until("CTRL+C", 10s)) << serve.output();
  EXPECT_EQ(serve.stop(SIGINT, 10s), 0);
}

TEST(ServeCli, BadInferDistributionIsUsageErrorNamingTheOption) {
  auto r = latbench::test::run_latbench({"serve", "--infer", "gauss(1ms)"}, 10s);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--infer"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown distribution 'gauss'"), std::string::npos) << r.err;
}

TEST(LinkCli, ProxiesToTheUpstreamAndReportsOnSigint) {
  BackgroundProcess serve({"serve", "--port", "0", "--no-access-log"});
  ASSERT_TRUE(serve.read_until("CTRL+C", 10s)) << serve.output();
  int server_port = announced_port(serve.output());
  BackgroundProcess link({"link", "--upstream", "127.0.0.1:" + std::to_string(server_port),
                          "--link", "delay=1ms"});
  ASSERT_TRUE(link.read_until("CTRL+C", 10s)) << link.output();
  int link_port = announced_port(link.output());
  ASSERT_GT(link_port, 0);
  TestClient client;
  auto r = client.request("GET", "http://127.0.0.1:" + std::to_string(link_port) + "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(link.stop(SIGINT, 10s), 0);
  EXPECT_NE(link.output().find("1 connections"), std::string::npos) << link.output();
  EXPECT_EQ(serve.stop(SIGTERM, 10s), 0);
}

TEST(LinkCli, UnknownPresetAndBadUpstreamAreUsageErrors) {
  auto preset = latbench::test::run_latbench({"link", "--upstream", "127.0.0.1:1", "--link", "moon"}, 10s);
  EXPECT_EQ(preset.exit_code, 2);
  EXPECT_NE(preset.err.find("unknown preset 'moon'"), std::string::npos) << preset.err;
  auto upstream = latbench::test::run_latbench({"link", "--upstream", "nowhere"}, 10s);
  EXPECT_EQ(upstream.exit_code, 2);
  EXPECT_NE(upstream.err.find("--upstream"), std::string::npos) << upstream.err;
}

TEST(ServeCli, LinkPutsTheEmulatorInFront) {
  BackgroundProcess serve({"serve", "--port", "0", "--link", "delay=30ms", "--no-access-log"});
  ASSERT_TRUE(serve.read_until("CTRL+C", 10s)) << serve.output();
  int port = announced_port(serve.output());
  TestClient client;
  auto url = "http://127.0.0.1:" + std::to_string(port) + "/healthz";
  client.request("GET", url);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.request("GET", url).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 60ms);  // one 60 ms round trip at least
  EXPECT_EQ(serve.stop(SIGTERM, 10s), 0);
}
