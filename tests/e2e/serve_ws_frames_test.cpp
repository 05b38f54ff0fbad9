// `latbench serve`'s /ws/frames driven by a WebSocket client we did not write: Python's
// `websockets` (tests/fixtures/ws/frames_peer_client.py), which computes what it expects on its
// own (frame ids, drop counts from the queue size and its own send times, warm-ups per session or
// per process, answer sizes) and fails with the reason. Here: the server's flags, its log lines
// and its memory. Loopback only; each scenario bounded in frames and time.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "../unit/server_test_client.hpp"
#include "process.hpp"
#include "serve_process.hpp"
#include "common/test_files.hpp"
#include "common/test_paths.hpp"
#include "common/sanitizer.hpp"

using namespace std::chrono_literals;
using latbench::test::announced_port;
using latbench::test::BackgroundProcess;
using latbench::test::run_process;

using latbench::test::k_system_python;

using latbench::test::count_of;

namespace {


// Peak resident memory of a process in kB (VmHWM), 0 when unreadable.
long peak_rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

class ServeWsFrames : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(k_system_python)) << k_system_python << " missing: ./dev deps installs it";
    m_dir = latbench::test::make_temp_dir("latbench-ws");
    m_jpeg = m_dir + "/frame.jpg";
    std::ofstream(m_jpeg, std::ios::binary) << latbench::test::make_test_jpeg(320, 240);
  }

  // Starts `latbench serve` with `flags` on an ephemeral port.
  void serve(std::vector<std::string> flags) {
    flags.insert(flags.begin(), {"serve", "--port", "0", "--post-cost", "0ms"});
    m_serve = std::make_unique<BackgroundProcess>(flags);
    ASSERT_TRUE(m_serve->read_until("CTRL+C", 10s)) << m_serve->output();
    m_port = announced_port(m_serve->output());
    ASSERT_GT(m_port, 0) << m_serve->output();
  }

  // Runs one scenario of the peer client; its stdout (a JSON line, or FAIL and why).
  std::string peer(const std::string& scenario, const std::vector<std::string>& options = {}) {
    std::vector<std::string> argv{k_system_python, latbench::test::fixtures_dir() + "/ws/frames_peer_client.py",
                                  std::to_string(m_port), m_jpeg, scenario};
    argv.insert(argv.end(), options.begin(), options.end());
    auto r = run_process(argv, 120s);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r.out;
  }

  // Stops the server (exit 0 expected) and returns everything it wrote.
  std::string stop() {
    EXPECT_EQ(m_serve->stop(SIGTERM, 15s), 0);
    return m_serve->output();
  }

  std::string m_dir, m_jpeg;
  std::unique_ptr<BackgroundProcess> m_serve;
  int m_port = 0;
};

}  // namespace

TEST_F(ServeWsFrames, AnswersEveryFrameInOrderWithItsIdAndStagesAndLogsIt) {
  serve({"--infer", "5ms"});
  auto out = peer("answers", {"--frames", "20", "--rate", "100", "--infer-ms", "5"});
  EXPECT_NE(out.find(R"("answers": 20)"), std::string::npos) << out;
  auto log = stop();
  EXPECT_EQ(count_of(log, "\"WebSocket /ws/frames\" [accepted]"), 1u) << log;
  EXPECT_EQ(count_of(log, "INFO:     connection open"), 1u) << log;
  EXPECT_EQ(count_of(log, "INFO:     connection closed"), 1u) << log;
  EXPECT_EQ(count_of(log, "\" 200 OK"), 20u) << log;
  EXPECT_NE(log.find("\"FRAME /ws/frames?frame_id=20\" 200 OK"), std::string::npos) << log;
  EXPECT_EQ(count_of(log, "Speed: "), 20u) << log;
  EXPECT_NE(log.find("/ws/frames: 1 sessions, 20 frames, 20 processed, 0 dropped"), std::string::npos)
      << log;
}

TEST_F(ServeWsFrames, MsgpackAnswersArePaddedTo310KB) {
  serve({"--answer-format", "msgpack", "--answer-bytes", "310KB", "--infer", "1ms"});
  peer("answers", {"--frames", "5", "--format", "msgpack", "--answer-bytes", "310000", "--infer-ms", "1"});
  stop();
}

TEST_F(ServeWsFrames, JsonAnswersArePaddedToTheirSizeToo) {
  serve({"--answer-bytes", "64KiB"});
  peer("answers", {"--frames", "5", "--answer-bytes", "65536"});
  stop();
}

TEST_F(ServeWsFrames, DropPolicyKeepsOneRunningAndQueueWaitingAndSaysWhichItDropped) {
  serve({"--infer", "300ms", "--queue", "2", "--queue-policy", "drop"});
  auto out = peer("drop", {"--frames", "10", "--infer-ms", "300", "--queue", "2"});
  EXPECT_NE(out.find(R"("processed": 3, "dropped": 7)"), std::string::npos) << out;
  auto log = stop();
  EXPECT_EQ(count_of(log, "\" 503 Service Unavailable"), 7u) << log;
}

TEST_F(ServeWsFrames, DropCountsAtARateFollowTheQueueArithmetic) {
  // 25 frames/s for 1 s against a 100 ms model with 1 place: ~10 processed, ~14 dropped (the
  // client simulates the queue over its own send times).
  serve({"--infer", "100ms", "--queue", "1", "--queue-policy", "drop"});
  peer("drop", {"--frames", "25", "--rate", "25", "--infer-ms", "100", "--queue", "1", "--margin", "2"});
  stop();
}

TEST_F(ServeWsFrames, BlockPolicyLosesNothingAndStopsReadingWhileFull) {
  serve({"--infer", "60ms", "--queue", "1", "--queue-policy", "block"});
  peer("block", {"--frames", "8", "--infer-ms", "60", "--queue", "1"});
  stop();
}

TEST_F(ServeWsFrames, SessionWarmupIsPaidOnEveryConnection) {
  serve({"--warmup-cost", "300ms", "--warmup-scope", "session"});
  peer("warmup", {"--sessions", "3", "--frames", "2", "--warmup-ms", "300", "--scope", "session"});
  stop();
}

TEST_F(ServeWsFrames, ProcessWarmupIsPaidOnceAndCachedAcrossReconnects) {
  serve({"--warmup-cost", "300ms", "--warmup-scope", "process"});
  peer("warmup", {"--sessions", "3", "--frames", "2", "--warmup-ms", "300", "--scope", "process"});
  stop();
}

TEST_F(ServeWsFrames, AHundredMegabyteMessageIsRefusedWithoutBeingHeld) {
  serve({"--no-access-log"});  // --max-message at its default, 16 MiB
  peer("too_big", {"--big-mb", "100"});
  // Refused from its frame header: the server never held the 100 MB.
  long peak = peak_rss_kb(m_serve->pid());
  EXPECT_GT(peak, 0);
  if (!latbench::test::built_with_address_sanitizer()) {
    EXPECT_LT(peak, 60 * 1024) << "peak RSS " << peak << " kB";
  }
  stop();
}

TEST_F(ServeWsFrames, GarbageFramesAreAnsweredOrClosedAndTheServerGoesOn) {
  serve({"--log-format", "jsonl"});
  peer("garbage");
  auto log = stop();
  EXPECT_NE(log.find(R"("event":"ws_open")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("result":"undecodable")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("result":"bad_frame")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("why":"protocol error)"), std::string::npos) << log;
}

TEST_F(ServeWsFrames, BinaryFramesBehindAStructHeaderCarryTheirOwnIds) {
  serve({"--framing", "binary", "--frame-header", "!Ifd:frame_id,timestamp,length"});
  peer("framed", {"--framing", "binary-header", "--frames", "5"});
  stop();
}

TEST_F(ServeWsFrames, Base64JsonFramesFollowTheTemplate) {
  // The template the peer's messages follow (frames_peer_client.py's BASE64_TEMPLATE).
  serve({"--framing", "base64-json", "--ws-message",
         R"({"kind":"frame","frame_id":{frame_id},"cam":"{device}","jpeg":"{jpeg_data_url}"})"});
  peer("framed", {"--framing", "base64-json", "--frames", "5"});
  stop();
}

TEST_F(ServeWsFrames, MsgpackFramesCarryTheirIdsAndDevice) {
  serve({"--framing", "msgpack", "--log-format", "jsonl"});
  peer("framed", {"--framing", "msgpack", "--frames", "5"});
  auto log = stop();
  EXPECT_NE(log.find(R"("device":"cam-7")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("frame_id":1004)"), std::string::npos) << log;
}

TEST_F(ServeWsFrames, BadFrameOptionsAreUsageErrorsNamingTheFlag) {
  for (auto [flag, value, words] :
       {std::tuple{"--queue-policy", "newest", "expected drop or block"},
        std::tuple{"--warmup-scope", "model", "expected session or process"},
        std::tuple{"--answer-format", "cbor", "expected json or msgpack"},
        std::tuple{"--answer-bytes", "lots", "invalid size"},
        std::tuple{"--max-message", "0", "at least 1 byte"},
        std::tuple{"--framing", "cbor", "binary"},
        std::tuple{"--frame-header", "!Iz:frame_id,x", "position"},
        std::tuple{"--ws-message", "{\"image\":\"{jpeg}\"}", "{jpeg}"}}) {
    auto r = latbench::test::run_latbench({"serve", flag, value}, 10s);
    EXPECT_EQ(r.exit_code, 2) << flag;
    EXPECT_NE(r.err.find(flag), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
  }
}
