// `latbench run --direction down` (issue 17, app/viewer_workload.cpp) against a push server we
// did not write the library of: Python's `websockets` (tests/fixtures/ws/push_server.py), which
// skips known frame ids, pauses after known frames, swaps and repeats others, and prints what it
// sent per viewer. latbench's counts must be the server's: frames received = frames sent,
// missing = the ids it skipped, stalls = its pauses, duplicates and reordered as planted.
#include <gtest/gtest.h>

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

class RunWsDown : public ::testing::Test {
 protected:
  void SetUp() override { m_dir = latbench::test::make_temp_dir("latbench-run-ws-down"); }

  // Starts push_server.py with `args`; its URL.
  std::string start_server(std::vector<std::string> args) {
    args.insert(args.begin(), latbench::test::fixtures_dir() + "/ws/push_server.py");
    m_server = std::make_unique<BackgroundProcess>(latbench::test::k_system_python, args);
    EXPECT_TRUE(m_server->read_until("listening on ws://127.0.0.1:", std::chrono::seconds(20))) << m_server->output();
    EXPECT_TRUE(m_server->read_until("\n", std::chrono::seconds(5))) << m_server->output();
    const std::string& out = m_server->output();
    return "ws://127.0.0.1:" + std::to_string(std::stoi(out.substr(out.find("127.0.0.1:") + 10))) + "/stream";
  }

  // The server's own line per viewer, once `viewers` have been printed.
  std::vector<json> server_reports(std::size_t viewers) {
    std::vector<json> out;
    for (std::size_t i = 0; i < viewers; ++i)
      EXPECT_TRUE(m_server->read_until("\"viewer\": " + std::to_string(i), std::chrono::seconds(10))) << m_server->output();
    m_server->read_until("\n{never}", std::chrono::milliseconds(300));
    std::istringstream lines(m_server->output());
    for (std::string line; std::getline(lines, line);)
      if (line.starts_with("{\"viewer\"")) out.push_back(json::parse(line));
    return out;
  }

  json run(const std::string& name, std::vector<std::string> args, int expected_exit = 0) {
    const std::string out = m_dir + "/" + name;
    args.insert(args.begin(), {"run", "--out", out, "--direction", "down"});
    m_last = run_latbench(args, std::chrono::seconds(60));
    EXPECT_EQ(m_last.exit_code, expected_exit) << m_last.out << m_last.err;
    if (!fs::exists(out + "/summary.json")) return json::object();
    return json::parse(slurp(out + "/summary.json"))["run"];
  }

  std::unique_ptr<BackgroundProcess> m_server;
  std::string m_dir;
  latbench::test::ProcessResult m_last;
};

}  // namespace

TEST_F(RunWsDown, FramesMissingIdsAndStallsAreWhatThePushServerSaysItDid) {
  const std::string url = start_server({"--frames", "150", "--fps", "100", "--drop", "5,6,50,51,52,120",
                                        "--pause-after", "80:700", "--pause-after", "130:650", "--swap", "20",
                                        "--dup", "30,31"});
  const json r = run("binary", {"--url", url, "--devices", "2", "--duration", "8s", "--frame-header",
                                "!IdI:frame_id,timestamp,length"});
  const auto reports = server_reports(2);
  ASSERT_EQ(reports.size(), 2u);
  const json& v = r["viewer"];
  std::uint64_t sent = 0;
  for (const auto& rep : reports) sent += rep["sent"].get<std::uint64_t>();
  EXPECT_EQ(v["frames"].get<std::uint64_t>(), sent);
  EXPECT_EQ(v["missing"].get<std::uint64_t>(), 2 * reports[0]["dropped"].size());
  EXPECT_EQ(v["duplicates"].get<std::uint64_t>(), 2u * 2);
  EXPECT_EQ(v["reordered"].get<std::uint64_t>(), 2u);
  std::uint64_t pauses = 0;
  for (const auto& rep : reports) pauses += rep["pauses"].get<std::uint64_t>();
  EXPECT_EQ(v["stalls"]["count"].get<std::uint64_t>(), pauses);
  EXPECT_GE(v["stalls"]["longest_ms"].get<double>(), 700.0);
  EXPECT_LT(v["stalls"]["longest_ms"].get<double>(), 1200.0);
  for (const auto& pv : v["per_viewer"]) {
    EXPECT_EQ(pv["missing"].get<std::uint64_t>(), 6u);
    EXPECT_EQ(pv["stalls"]["count"].get<std::uint64_t>(), 2u);
  }
  // The server's payload plus 16 header bytes and 4 bytes of WebSocket framing (2000-byte frames).
  std::uint64_t payload = 0;
  for (const auto& rep : reports) payload += rep["bytes"].get<std::uint64_t>();
  EXPECT_EQ(v["bytes"]["total"].get<std::uint64_t>(), payload + sent * (16 + 4));
  // Same clock: the age is arrival - the server's timestamp, small on loopback.
  EXPECT_EQ(v["clock"]["relation"], "same");
  EXPECT_GT(v["frame_age_ms"]["count"].get<std::uint64_t>(), 0u);
  EXPECT_LT(v["frame_age_ms"]["p50"].get<double>(), 50.0);
  EXPECT_GE(v["frame_age_ms"]["p50"].get<double>(), 0.0);
  // One line per frame, its missing_frames summing to the jumps (a swap opens then fills a hole).
  std::ifstream lines(m_dir + "/binary/samples.jsonl");
  std::uint64_t n = 0, jumps = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    const json j = json::parse(line);
    EXPECT_EQ(j["direction"], "down");
    jumps += j["missing_frames"].get<std::uint64_t>();
  }
  EXPECT_EQ(n, sent);
  EXPECT_EQ(jumps, 2 * (reports[0]["dropped"].size() + 1));
  EXPECT_NE(m_last.out.find("frame ids: 12 missing (dropped for us), 4 duplicates, 2 reordered"), std::string::npos)
      << m_last.out;
}

TEST_F(RunWsDown, JsonFramesWithOtherNamesAreReadThroughWsFieldAfterTheSubscribeMessage) {
  const std::string url = start_server({"--frames", "60", "--fps", "200", "--framing", "json", "--drop", "10,11",
                                        "--subscribe", R"({"type":"subscribe","camera":1})"});
  const json r = run("json", {"--url", url, "--framing", "base64-json", "--ws-field",
                              "frame_id=id,timestamp=ts,image=frame_data", "--ws-message",
                              R"({"type":"subscribe","camera":1})", "--duration", "5s"});
  const auto reports = server_reports(1);
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_FALSE(reports[0].contains("error")) << reports[0];
  EXPECT_EQ(r["viewer"]["frames"].get<std::uint64_t>(), reports[0]["sent"].get<std::uint64_t>());
  EXPECT_EQ(r["viewer"]["missing"].get<std::uint64_t>(), 2u);
  EXPECT_EQ(r["viewer"]["undecodable"].get<std::uint64_t>(), 0u);
  EXPECT_GT(r["viewer"]["frame_age_ms"]["count"].get<std::uint64_t>(), 0u);
}

TEST_F(RunWsDown, RequestsStopsEachViewerAfterThatManyFramesAndMsgpackIsRead) {
  const std::string url = start_server({"--frames", "500", "--fps", "200", "--framing", "msgpack"});
  const json r = run("msgpack", {"--url", url, "--framing", "msgpack", "--devices", "3", "--requests", "40"});
  EXPECT_EQ(r["viewer"]["frames"].get<std::uint64_t>(), 120u);
  for (const auto& pv : r["viewer"]["per_viewer"]) EXPECT_EQ(pv["frames"].get<std::uint64_t>(), 40u);
  EXPECT_EQ(r["viewer"]["missing"].get<std::uint64_t>(), 0u);
  EXPECT_TRUE(r["viewer"]["sessions"]["ended"].empty()) << r["viewer"]["sessions"];
}

TEST_F(RunWsDown, MessagesOfAnotherFramingAreCountedAndNoFrameIsARunThatFailed) {
  const std::string url = start_server({"--frames", "20", "--fps", "200", "--framing", "json"});
  // Binary expected, JSON text sent: every message is undecodable, the run failed (exit 3).
  const json r = run("wrong", {"--url", url, "--duration", "3s"}, 3);
  EXPECT_EQ(r["viewer"]["frames"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(r["viewer"]["undecodable"].get<std::uint64_t>(), 20u);
  EXPECT_NE(m_last.out.find("RUN FAILED: no frame arrived"), std::string::npos) << m_last.out;
}

TEST_F(RunWsDown, AClosedPortIsUnreachableAndUpstreamOnlyOptionsAreRefused) {
  // Port 1 on loopback: nothing listens there.
  run("closed", {"--url", "ws://127.0.0.1:1/stream", "--duration", "2s"}, 3);
  EXPECT_NE(m_last.err.find("cannot reach ws://127.0.0.1:1/stream"), std::string::npos) << m_last.err;
  run("rate", {"--url", "ws://127.0.0.1:1/stream", "--rate", "30/s"}, 2);
  EXPECT_NE(m_last.err.find("--rate"), std::string::npos) << m_last.err;
  run("field", {"--url", "ws://127.0.0.1:1/stream", "--ws-field", "frame=id"}, 2);
  EXPECT_NE(m_last.err.find("--ws-field"), std::string::npos) << m_last.err;
  // Viewer options on an upload run are refused too.
  m_last = run_latbench({"run", "--out", m_dir + "/up", "--url", "http://127.0.0.1:1/x", "--stall", "1s"},
                        std::chrono::seconds(30));
  EXPECT_EQ(m_last.exit_code, 2) << m_last.err;
  EXPECT_NE(m_last.err.find("--stall"), std::string::npos) << m_last.err;
}

TEST_F(RunWsDown, UrlWsAloneIsTheEmbeddedServersStreamAndItsDropsBoundTheMissingIds) {
  // A 30 fps camera into a 2-frame dropping queue, read through a link slower than the camera:
  // the server drops, the viewer's missing ids are among those drops.
  const std::string yaml = m_dir + "/push.yaml";
  std::ofstream(yaml) << "name: push\nurl: ws://\ndirection: down\nduration: 4s\nrequests: 0\nlink: down=2mbit,seed=1\n"
                         "server:\n  stream_fps: 30\n  stream_image: 320x240\n  stream_queue: 2\n"
                         "  stream_queue_policy: drop\n  stream_log_every: 0\n";
  m_last = run_latbench({"run", yaml, "--out", m_dir + "/push"}, std::chrono::seconds(60));
  ASSERT_EQ(m_last.exit_code, 0) << m_last.out << m_last.err;
  // The first line says what the embedded camera does (its inference is no part of a viewer's run).
  const std::string first = m_last.out.substr(0, m_last.out.find('\n'));
  EXPECT_NE(first.find("(embedded server: 320x240 camera at 30 fps, quality 80, queue 2 drop)"), std::string::npos)
      << first;
  EXPECT_NE(m_last.out.find("received by 1 viewer over"), std::string::npos) << m_last.out;
  EXPECT_EQ(m_last.out.find("requests: "), std::string::npos) << m_last.out;
  const json run = json::parse(slurp(m_dir + "/push/summary.json"))["run"];
  EXPECT_NE(run["url"].get<std::string>().find("/ws/stream"), std::string::npos) << run["url"];
  const json& v = run["viewer"];
  const json& s = run["server"]["stream"];
  EXPECT_GT(v["frames"].get<std::uint64_t>(), 10u);
  EXPECT_EQ(v["undecodable"].get<std::uint64_t>(), 0u);
  // Every frame the server sent arrived, except those still in flight when the run ended.
  EXPECT_LE(v["frames"].get<std::uint64_t>(), s["sent"].get<std::uint64_t>());
  EXPECT_GT(s["dropped"].get<std::uint64_t>(), 0u);
  // The ids the viewer missed are server drops between its first and last frame: at most all of
  // them (drops late in the run sit behind frames still in the link's buffers, not yet missed).
  EXPECT_LE(v["missing"].get<std::uint64_t>(), s["dropped"].get<std::uint64_t>());
  EXPECT_LE(v["frames"].get<std::uint64_t>() + v["missing"].get<std::uint64_t>(), s["produced"].get<std::uint64_t>());
  ASSERT_TRUE(s.contains("stats")) << s;
  EXPECT_LE(s["stats"]["per_viewer"][0]["max_depth"].get<std::uint64_t>(), 2u);
  ASSERT_TRUE(v.contains("capacity")) << v;
  EXPECT_GT(v["capacity"]["fps"].get<double>(), 0.0);
}
