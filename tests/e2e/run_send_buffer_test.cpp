// The client's own upload phase behind a slow uplink: latbench's sockets get a device's small
// send buffer (auto), so the send blocks until the link has taken the body, as a camera's does;
// and every byte on the wire is counted once however the kernel splits the sends.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/sample_lines.hpp"
#include "process.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using latbench::test::sample_lines;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(RunSendBuffer, BehindA2MbitUplinkTheUploadPhaseIsTheLinksTime) {
  auto dir = make_temp_dir();
  auto r = run_latbench({"run", "--link", "up=2mbit", "--connection", "new", "--requests", "3",
                         "--quiet", "--out", dir + "/run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto samples = sample_lines(dir + "/run");
  ASSERT_EQ(samples.size(), 3u);
  for (const auto& s : samples) {
    ASSERT_EQ(s["status"], 200) << s.dump();
    // The link takes bytes * 8 / 2e6 s. What is still in flight when the send returns is at most
    // the send buffer (Linux doubles 5744 B) plus the emulator's small window: allow 32 KiB.
    const double bytes = s["bytes_up"].get<double>();
    const double floor_ms = (bytes - 32 * 1024) * 8 / 2e6 * 1000;
    ASSERT_GT(floor_ms, 50) << s.dump();
    ASSERT_TRUE(s.contains("upload_ms")) << s.dump();
    EXPECT_GE(s["upload_ms"].get<double>(), floor_ms) << s.dump();
  }
  // The value used is recorded, so the folder's profile replays the run.
  EXPECT_NE(read_text(dir + "/run/profile.yaml").find("send_buffer: 5744"), std::string::npos);
}

TEST(RunSendBuffer, BytesUpCountEachByteOnceWhenTheSendIsSplit) {
  // A send buffer far smaller than the frame splits every send; the same frame straight to the
  // server on a keep-alive connection is the reference count.
  auto dir = make_temp_dir();
  auto slow = run_latbench({"run", "--link", "up=20mbit", "--connection", "new", "--requests", "2",
                            "--send-buffer", "4KiB", "--quiet", "--out", dir + "/slow"});
  ASSERT_EQ(slow.exit_code, 0) << slow.err;
  auto direct = run_latbench({"run", "--connection", "persistent", "--requests", "2", "--quiet",
                              "--out", dir + "/direct"});
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  auto a = sample_lines(dir + "/slow"), b = sample_lines(dir + "/direct");
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i]["bytes_up"], b[i]["bytes_up"]) << a[i].dump() << "\n" << b[i].dump();
  }
}

TEST(RunSendBuffer, BadValueNamesTheOption) {
  auto r = run_latbench({"run", "--send-buffer", "lots", "--requests", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--send-buffer: invalid value 'lots'"), std::string::npos) << r.err;
}
