// `latbench run` end to end against the embedded server: the server's own counters prove how
// many TCP connections each mode opened, the samples file proves what the driver recorded.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process.hpp"
#include "serve_process.hpp"

using namespace std::chrono_literals;
using latbench::test::announced_port;
using latbench::test::BackgroundProcess;
using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using nlohmann::json;

namespace {

std::vector<json> read_lines(const std::string& path) {
  std::vector<json> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) lines.push_back(json::parse(line));
  return lines;
}

const json* series(const json& doc, const std::string& name) {
  for (const auto& s : doc["series"]) {
    if (s["name"] == name) return &s;
  }
  return nullptr;
}

// A loopback port nothing listens on: bind an ephemeral one, then close it.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST(RunConnections, NewOpensOneConnectionPerUpload) {
  auto dir = make_temp_dir("latbench-run-new");
  auto r = run_latbench({"run", "--requests", "50", "--connection", "new", "--out", dir, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json doc = json::parse(r.out);
  EXPECT_EQ(doc["run"]["server"]["connections_accepted"], 50);
  EXPECT_EQ(doc["run"]["server"]["requests"], 50);
  EXPECT_EQ(doc["run"]["connections"]["new"], 50);
  auto lines = read_lines(dir + "/samples.jsonl");
  ASSERT_EQ(lines.size(), 50u);
  for (const auto& l : lines) {
    EXPECT_EQ(l["conn"], "new");
    EXPECT_EQ(l["status"], 200);
    EXPECT_TRUE(l["error"].is_null());
    EXPECT_TRUE(l.contains("connect_ms"));
    EXPECT_GE(l["total_ms"].get<double>(), l["ttfb_ms"].get<double>());
  }
  const json* total = series(doc, "total");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ((*total)["count"], 50);
}

TEST(RunConnections, PersistentReusesOneConnection) {
  auto dir = make_temp_dir("latbench-run-keepalive");
  auto r = run_latbench({"run", "--requests", "50", "--connection", "persistent", "--out", dir,
                         "--export-json", dir + "/export.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json doc = json::parse(std::ifstream(dir + "/export.json"));
  EXPECT_EQ(doc["run"]["server"]["connections_accepted"], 1);
  EXPECT_EQ(doc["run"]["server"]["requests"], 50);
  auto lines = read_lines(dir + "/samples.jsonl");
  ASSERT_EQ(lines.size(), 50u);
  EXPECT_EQ(lines[0]["conn"], "new");
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(lines[i]["conn"], "reused") << i;
  // The table names total and the phases; the summary says how connections were used.
  EXPECT_NE(r.out.find("total"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ttfb"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 new, 49 reused"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir + "/summary.json"));
}

// The server closes a keep-alive connection while the device thinks: the driver keeps the idle
// socket registered (client/curl_event_loop.hpp), sees the close, and the next upload goes out on
// a new connection (whose descriptor may reuse the old number) instead of timing out.
TEST(RunConnections, PersistentReconnectsAfterTheServerClosedAnIdleConnection) {
  BackgroundProcess serve({"serve", "--port", "0", "--idle-timeout", "50ms", "--infer", "0ms",
                           "--no-access-log"});
  ASSERT_TRUE(serve.read_until("CTRL+C", 10s)) << serve.output();
  int port = announced_port(serve.output());
  ASSERT_GT(port, 0) << serve.output();
  auto dir = make_temp_dir("latbench-run-idle-close");
  auto r = run_latbench({"run", "--url", "http://127.0.0.1:" + std::to_string(port) + "/api/devices/file/image",
                         "--connection", "persistent", "--think", "250ms", "--requests", "4",
                         "--timeout", "2s", "--image", "32x32", "--out", dir, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = read_lines(dir + "/samples.jsonl");
  ASSERT_EQ(lines.size(), 4u);
  for (const auto& l : lines) {
    EXPECT_EQ(l["status"], 200) << l.dump();
    EXPECT_TRUE(l["error"].is_null()) << l.dump();
    EXPECT_EQ(l["conn"], "new") << l.dump();  // each found the last one closed after 50 ms idle
  }
  EXPECT_EQ(serve.stop(SIGTERM, 10s), 0);
  EXPECT_NE(serve.output().find("4 connections, 4 requests"), std::string::npos) << serve.output();
}

TEST(RunConnections, UnreachableUrlExits3WithAClearMessage) {
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/api/devices/file/image";
  auto dir = make_temp_dir("latbench-run-unreachable");
  auto start = std::chrono::steady_clock::now();
  auto r = run_latbench({"run", "--url", url, "--requests", "5", "--timeout", "2s", "--out", dir},
                        std::chrono::seconds(20));
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("latbench: error: cannot reach " + url), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("refused"), std::string::npos) << r.err;
  EXPECT_LT(took, std::chrono::seconds(10));  // refused is immediate; the timeout is 2 s
}

TEST(RunConnections, BadValuesAreUsageErrorsNamingTheOption) {
  auto r = run_latbench({"run", "--connection", "sometimes"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--connection"), std::string::npos) << r.err;
  r = run_latbench({"run", "--image", "12x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--image"), std::string::npos) << r.err;
  r = run_latbench({"run", "--timeout", "5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--timeout"), std::string::npos) << r.err;
}
