// `latbench serve` under abuse (issue 13), as a user would start it: deep JSON, a corrupt frame
// before good ones with two model slots, garbage bodies, silent connections filling every slot.
// The process must answer all of it and still exit 0 on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <memory>
#include <vector>

#include "../unit/server_abuse_inputs.hpp"
#include "../unit/server_test_client.hpp"
#include "process.hpp"
#include "serve_process.hpp"

using namespace std::chrono_literals;
using latbench::test::announced_port;
using latbench::test::BackgroundProcess;
using latbench::test::RawConnection;
using latbench::test::TestClient;

namespace {

struct Served {
  std::unique_ptr<BackgroundProcess> process;
  int port = 0;
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
};

Served serve(std::vector<std::string> extra) {
  std::vector<std::string> args = {"serve", "--port", "0", "--no-access-log", "--post-cost", "0ms"};
  args.insert(args.end(), extra.begin(), extra.end());
  Served s;
  s.process = std::make_unique<BackgroundProcess>(args);
  if (s.process->read_until("CTRL+C", 10s)) s.port = announced_port(s.process->output());
  return s;
}

}  // namespace

TEST(ServeHardening, DeepJsonIsRefusedAndTheProcessLives) {
  auto s = serve({"--max-body", "4MiB"});
  ASSERT_GT(s.port, 0) << s.process->output();
  TestClient client;
  auto r = client.request("POST", s.url("/api/devices/cam-1/commands"),
                          latbench::test::nested_json_array(1000000));
  EXPECT_EQ(r.status, 400) << r.body << " curl " << r.code;
  EXPECT_NE(r.body.find("nested deeper than 256 levels"), std::string::npos) << r.body;
  EXPECT_EQ(client.request("GET", s.url("/healthz")).status, 200);
  EXPECT_EQ(s.process->stop(SIGTERM, 10s), 0) << s.process->output();
}

TEST(ServeHardening, CorruptFramesDoNotPoisonEitherModelSlot) {
  auto s = serve({"--workers", "2"});
  ASSERT_GT(s.port, 0) << s.process->output();
  TestClient client;
  auto good = latbench::test::make_test_jpeg(64, 48);
  auto bad = latbench::test::with_bogus_sof_length(good);
  // Slots take images in turn, so four bad frames reach both at least once.
  for (int i = 0; i < 4; ++i) {
    auto r = client.request("POST", s.url("/api/devices/file/image"), bad);
    EXPECT_EQ(r.status, 422) << r.body;
  }
  EXPECT_EQ(client.request("POST", s.url("/api/devices/file/image"), std::string("\xFF\xD8\xFF\xE0", 4)).status, 422);
  for (int i = 0; i < 4; ++i) {
    auto r = client.request("POST", s.url("/api/devices/file/image"), good);
    EXPECT_EQ(r.status, 200) << "good frame " << i << ": " << r.body;
  }
  auto stats = client.request("GET", s.url("/stats"));
  EXPECT_NE(stats.body.find(R"("undecodable":5)"), std::string::npos) << stats.body;
  EXPECT_EQ(s.process->stop(SIGTERM, 10s), 0) << s.process->output();
  EXPECT_NE(s.process->output().find("4 processed"), std::string::npos) << s.process->output();
}

TEST(ServeHardening, SixteenSilentConnectionsAtMaxConnections16DoNotLockOutAnUpload) {
  auto s = serve({"--max-connections", "16", "--header-timeout", "1s", "--idle-timeout", "60s"});
  ASSERT_GT(s.port, 0) << s.process->output();
  std::vector<std::unique_ptr<RawConnection>> silent;
  for (int i = 0; i < 16; ++i) silent.push_back(std::make_unique<RawConnection>(s.port));
  TestClient client;
  auto start = std::chrono::steady_clock::now();
  auto r = client.request("POST", s.url("/api/devices/file/image"), latbench::test::make_test_jpeg(64, 48));
  EXPECT_EQ(r.status, 200) << r.body << " curl " << r.code;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);  // at once, not after a timeout
  // The rest are closed a header timeout after accept, not after the 60 s idle timeout.
  auto& last = *silent.back();
  last.read_all(3s);
  EXPECT_TRUE(last.closed());
  EXPECT_EQ(s.process->stop(SIGTERM, 10s), 0) << s.process->output();
}
