// `latbench run --url ws://...` (app/run_workload.cpp with the WebSocket transport) against a
// backend we did not write, Python's `websockets` (tests/fixtures/ws/ws_peer.py), on 127.0.0.1:
// closed loop with stages, open loop with skipped frames against a slower peer (expected count
// from the rate, the duration and the peer's delay), bytes per frame against the sizes Python
// saw, bad flags (exit 2 naming the flag), a profile and its resolved replay, compare and gate.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"
#include "serve_process.hpp"
#include "ws_peer_process.hpp"
#include "common/test_files.hpp"

using latbench::test::BackgroundProcess;
using latbench::test::run_latbench;
using nlohmann::json;
namespace fs = std::filesystem;

using latbench::test::slurp;

namespace {


// A masked client frame's header (RFC 6455 5.2): 2 bytes, the extended length, the 4-byte mask.
std::size_t ws_client_overhead(std::size_t payload) {
  return 2 + 4 + (payload < 126 ? 0 : payload < 65536 ? 2 : 8);
}

class RunWs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { latbench::test::start_ws_peer(s_peer, s_port); }
  static void TearDownTestSuite() { s_peer.reset(); }
  void SetUp() override { m_dir = latbench::test::make_temp_dir("latbench-run-ws"); }

  static std::string url(const std::string& path) { return "ws://127.0.0.1:" + std::to_string(s_port) + path; }

  // `latbench run` into m_dir/<name>; its summary.json's run section ({} when not written).
  json run(const std::string& name, std::vector<std::string> args, int expected_exit = 0) {
    const std::string out = m_dir + "/" + name;
    args.insert(args.begin(), {"run", "--out", out});
    m_last = run_latbench(args, std::chrono::seconds(60));
    EXPECT_EQ(m_last.exit_code, expected_exit) << m_last.out << m_last.err;
    if (!fs::exists(out + "/summary.json")) return json::object();
    return json::parse(slurp(out + "/summary.json"))["run"];
  }

  static inline std::unique_ptr<BackgroundProcess> s_peer;
  static inline int s_port = 0;
  std::string m_dir;
  latbench::test::ProcessResult m_last;
};

}  // namespace

TEST_F(RunWs, ClosedLoopFramesAreAllAnsweredWithTheAnswersTimingsAsStages) {
  const json r = run("closed", {"--url", url("/order"), "--framing", "base64-json", "--ws-answer",
                                "type=segmentation", "--ws-timing", "inference_time,timing", "-n", "20"});
  const json& f = r["frames"];
  EXPECT_EQ(f["framing"], "base64-json");
  EXPECT_EQ(f["sent"], 20);
  EXPECT_EQ(f["answered"], 20);
  EXPECT_EQ(f["skipped"], 0);
  EXPECT_EQ(f["sessions"], 1);
  EXPECT_EQ(f["messages"]["ignored"], 20);  // the peer's {"type":"status"} before each answer
  EXPECT_EQ(f["pending_when_sent"], json({{"0", 20}}));  // closed loop: one frame at a time
  EXPECT_EQ(f["first_answer"]["sessions"], 1);
  EXPECT_EQ(f["rtt_ms"]["count"], 20);
  // The peer's inference_time 2.5 and timing {decode 1.5, post 0.25}, as stages.
  EXPECT_NE(m_last.out.find("server_inference_time  20  2.50ms"), std::string::npos) << m_last.out;
  EXPECT_NE(m_last.out.find("server_decode"), std::string::npos) << m_last.out;
  EXPECT_NE(m_last.out.find("server_post"), std::string::npos) << m_last.out;
  EXPECT_NE(m_last.out.find("frames (base64-json): 20 sent, 20 answered, 0 timed out, 0 skipped"),
            std::string::npos) << m_last.out;
}

TEST_F(RunWs, OpenLoopAgainstASlowerPeerSkipsTheFramesDueWhileOneIsPending) {
  // 50 frames/s (one due every 20 ms) for 2 s, at most 1 pending; the peer answers each frame
  // 50 ms after it arrived. A frame sent at t is answered at t + 50 ms + the loopback's RTT
  // (< 10 ms here), so the frames due at t + 20 and t + 40 are skipped and the one at t + 60 is
  // sent: one in ceil(50 / 20) = 3 is sent. Expected: 100 due, 100 / 3 sent, the rest skipped;
  // tolerance 6 frames (a run's first and last cycles, and a late answer now and then).
  const double rate = 50, duration_s = 2, delay_ms = 50;
  const double period_ms = 1000 / rate;
  const double due = rate * duration_s;
  const double cycle = std::ceil(delay_ms / period_ms);
  const double expected_skipped = due - due / cycle;
  const json r = run("open", {"--url", url("/slow"), "--frame-header", "!QdI:frame_id,timestamp_ms,length",
                              "--rate", "50/s", "--max-in-flight", "1", "--duration", "2s", "-n", "0"});
  const json& f = r["frames"];
  const double skipped = f["skipped"].get<double>();
  EXPECT_NEAR(skipped, expected_skipped, 6) << f.dump();
  EXPECT_NEAR(f["sent"].get<double>() + skipped, due, 2) << f.dump();
  EXPECT_EQ(f["answered"], f["sent"]);
  EXPECT_EQ(f["target_fps"], 50.0);
  EXPECT_NEAR(f["answered_fps"].get<double>(), rate / cycle, 2.5) << f.dump();
  EXPECT_TRUE(f["latency_from_intended_ms"].is_object()) << f.dump();
  EXPECT_EQ(f["pending_when_sent"], json({{"0", f["sent"]}}));
  EXPECT_NE(m_last.out.find("from the intended send: p50"), std::string::npos) << m_last.out;
}

TEST_F(RunWs, BytesPerFrameAreWhatThePeerReceivedPlusWebSocketFramingBinaryBelowBase64Json) {
  // Both runs send the same JPEG (a 320x240 frame); the peer prints each message's size.
  auto sizes = [](const std::string& out, const std::string& path, double& message_mean, double& jpeg) {
    std::istringstream in(out);
    std::string line;
    double sum = 0, n = 0;
    while (std::getline(in, line)) {
      std::istringstream l(line);
      std::string word, p;
      std::size_t id = 0, message = 0, jpeg_bytes = 0;
      if (!(l >> word >> p >> id >> message >> jpeg_bytes) || word != "size" || p != path) continue;
      sum += static_cast<double>(message + ws_client_overhead(message));
      jpeg = static_cast<double>(jpeg_bytes);
      ++n;
    }
    message_mean = n > 0 ? sum / n : -1;
  };
  const json b64 = run("b64", {"--url", url("/size-b64"), "--framing", "base64-json", "--ws-match",
                               "field:frame_id", "--image", "320x240", "-n", "10"});
  const json bin = run("bin", {"--url", url("/size-bin"), "--frame-header", "!IdI:frame_id,timestamp,length",
                               "--ws-match", "field:frame_id", "--image", "320x240", "-n", "10"});
  // Frame ids count from 0: the tenth frame is 9.
  ASSERT_TRUE(s_peer->read_until("size /size-bin 9 ", std::chrono::seconds(5))) << s_peer->output();
  double b64_wire = 0, b64_jpeg = 0, bin_wire = 0, bin_jpeg = 0;
  sizes(s_peer->output(), "/size-b64", b64_wire, b64_jpeg);
  sizes(s_peer->output(), "/size-bin", bin_wire, bin_jpeg);
  EXPECT_DOUBLE_EQ(b64["frames"]["bytes"]["up_per_frame"].get<double>(), b64_wire);
  EXPECT_DOUBLE_EQ(bin["frames"]["bytes"]["up_per_frame"].get<double>(), bin_wire);
  EXPECT_EQ(bin_jpeg, b64_jpeg);
  EXPECT_DOUBLE_EQ(bin["frames"]["bytes"]["jpeg_mean"].get<double>(), bin_jpeg);
  // binary: 16-byte header (struct.calcsize("!IdI")) + the JPEG + framing; base64: 4/3 and more.
  EXPECT_DOUBLE_EQ(bin_wire, 16 + bin_jpeg + ws_client_overhead(16 + static_cast<std::size_t>(bin_jpeg)));
  EXPECT_GT(b64_wire, bin_jpeg * 4 / 3);
}

TEST_F(RunWs, BadValuesExitTwoNamingTheFlag) {
  run("bad-header", {"--url", url("/id"), "--frame-header", "!Qz:frame_id", "-n", "1"}, 2);
  EXPECT_NE(m_last.err.find("--frame-header"), std::string::npos) << m_last.err;
  run("bad-framing", {"--url", url("/id"), "--framing", "protobuf", "-n", "1"}, 2);
  EXPECT_NE(m_last.err.find("--framing"), std::string::npos) << m_last.err;
  // A WebSocket option with an http:// target, the connection mode with a ws:// one.
  run("ws-on-http", {"--url", "http://127.0.0.1:9/x", "--ws-match", "field:id", "-n", "1"}, 2);
  EXPECT_NE(m_last.err.find("--ws-match"), std::string::npos) << m_last.err;
  run("pool-on-ws", {"--url", url("/id"), "--connection", "pool=2", "-n", "1"}, 2);
  EXPECT_NE(m_last.err.find("--connection"), std::string::npos) << m_last.err;
  // A header for the base64-json framing: the combination is checked once both are known.
  run("header-b64", {"--url", url("/order"), "--framing", "base64-json", "--frame-header", "!I:frame_id",
                     "-n", "1"}, 2);
  EXPECT_NE(m_last.err.find("--frame-header"), std::string::npos) << m_last.err;
}

TEST_F(RunWs, AClosedPortIsUnreachableAndTheHintNamesTheEmbeddedFramesEndpoint) {
  // Port 1 on loopback: nothing listens there.
  run("closed", {"--url", "ws://127.0.0.1:1/frames", "-n", "2"}, 3);
  EXPECT_NE(m_last.err.find("cannot reach ws://127.0.0.1:1/frames"), std::string::npos) << m_last.err;
  EXPECT_NE(m_last.err.find("Give --url ws:// alone"), std::string::npos) << m_last.err;
  EXPECT_EQ(m_last.err.find("Omit --url"), std::string::npos) << m_last.err;
}

TEST_F(RunWs, AProfileWithTheWsKeysRunsAndItsResolvedProfileReplays) {
  const std::string yaml = m_dir + "/ws.yaml";
  std::ofstream(yaml) << "name: ws-test\nurl: " << url("/msgpack")
                      << "\nframing: msgpack\nws_answer: type=depth\nws_match: field:frame_id\n"
                         "ws_timing: timing\nrequests: 6\nreconnect_every: 3\nmax_message: 1MiB\n";
  const json first = run("profile", {yaml});
  EXPECT_EQ(first["frames"]["framing"], "msgpack");
  EXPECT_EQ(first["frames"]["answered"], 6);
  EXPECT_EQ(first["frames"]["sessions"], 2);
  EXPECT_EQ(first["frames"]["reconnects"], 1);
  EXPECT_EQ(first["frames"]["first_answer"]["sessions"], 2);
  EXPECT_GT(first["frames"]["bytes"]["down_per_frame"].get<double>(), 310000);
  const std::string resolved = slurp(m_dir + "/profile/profile.yaml");
  EXPECT_NE(resolved.find("reconnect_every: 3"), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("max_message: 1048576"), std::string::npos) << resolved;
  const json again = run("replay", {m_dir + "/profile/profile.yaml"});
  EXPECT_EQ(again["frames"]["options"], first["frames"]["options"]);
  EXPECT_EQ(again["frames"]["answered"], 6);
  EXPECT_EQ(again["frames"]["sessions"], 2);
}

TEST_F(RunWs, CompareAndGateReadTwoWsRunsSamples) {
  const std::string header = "!QdI:frame_id,timestamp_ms,length";
  run("fast", {"--url", url("/fast"), "--frame-header", header, "--ws-match", "field:frame_id", "-n", "30"});
  run("fast2", {"--url", url("/fast"), "--frame-header", header, "--ws-match", "field:frame_id", "-n", "30"});
  run("slow", {"--url", url("/slow"), "--frame-header", header, "-n", "30"});
  const std::string fast = m_dir + "/fast/samples.jsonl", slow = m_dir + "/slow/samples.jsonl";
  auto compare = run_latbench({"compare", fast, slow, "--resamples", "500"});
  EXPECT_EQ(compare.exit_code, 0) << compare.out << compare.err;
  EXPECT_NE(compare.out.find("total"), std::string::npos) << compare.out;
  // /slow answers 50 ms after each frame: far above +50%.
  auto fail = run_latbench({"gate", "--baseline", fast, "--candidate", slow, "--max", "p50=+50%", "--resamples", "500"});
  EXPECT_EQ(fail.exit_code, 1) << fail.out << fail.err;
  auto pass = run_latbench({"gate", "--baseline", fast, "--candidate", m_dir + "/fast2/samples.jsonl", "--max",
                            "errors=+0,p50<1s", "--resamples", "500"});
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
}

TEST_F(RunWs, UrlWsAloneIsTheEmbeddedServersFramesEndpointFramedAsTheClientFramesThem) {
  const json r = run("embedded", {"--url", "ws://", "--frame-header", "!IdI:frame_id,timestamp,length",
                                  "--ws-match", "field:frame_id", "--ws-timing", "timing", "--infer", "5ms", "-n", "8"});
  EXPECT_TRUE(r["embedded_server"].get<bool>());
  EXPECT_NE(r["url"].get<std::string>().find("/ws/frames"), std::string::npos) << r["url"];
  EXPECT_EQ(r["frames"]["answered"], 8);
  // The server read each frame with the client's 16-byte header (a bad frame would not be processed).
  EXPECT_EQ(r["server"]["ws"]["processed"], 8);
  EXPECT_EQ(r["server"]["ws"]["bad_frames"], 0);
  EXPECT_NE(m_last.out.find("server_infer"), std::string::npos) << m_last.out;
}
