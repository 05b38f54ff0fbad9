// The WebSocket frames transport (client/ws_transport.hpp) through the driver, against a
// backend we did not write: Python's `websockets` (tests/fixtures/ws/ws_peer.py), on 127.0.0.1.
// Frames answered in order and by id (overtaking each other), msgpack answers of 310 KB, a
// server that closes mid-stream, one that never answers, unmatched ids, a garbage answer, a
// message above the maximum, and reconnect-every-N with the first answer after each connect;
// wss:// with a self-signed certificate made by the openssl CLI (trusted, untrusted, skipped).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "client/clock.hpp"
#include "client/driver.hpp"
#include "client/ws_transport.hpp"
#include "payload/encoding.hpp"
#include "payload/jpeg_synth.hpp"
#include "samples/json.hpp"
#include "process.hpp"
#include "serve_process.hpp"
#include "ws_peer_process.hpp"
#include "common/test_paths.hpp"

using namespace latbench;
using namespace latbench::client;
using latbench::test::BackgroundProcess;

using latbench::test::k_system_python;

namespace {

constexpr const char* k_header = "!QdI:frame_id,timestamp_ms,length";

struct Outcome {
  std::vector<Sample> samples;  // in end order
  DriverStats stats;
  WsCounters counters;
  std::size_t jpeg_bytes = 0;
};

class WsTransportPeer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { latbench::test::start_ws_peer(s_peer, s_port); }
  static void TearDownTestSuite() { s_peer.reset(); }

  static DriverPlan plan(const std::string& path, std::uint64_t frames) {
    DriverPlan p;
    p.url = "ws://127.0.0.1:" + std::to_string(s_port) + path;
    payload::JpegSpec spec;
    spec.size = {64, 48};
    p.bodies.push_back(payload::encode_body(payload::synthesize_jpeg(spec), payload::Encoding::raw));
    p.requests = frames;
    p.timeout = std::chrono::seconds(3);
    return p;
  }

  static WsOptions options(frames::Framing framing, std::string_view header, std::string_view select,
                           std::string_view match, std::string_view timing) {
    WsOptions o;
    o.framing = frames::make_framing_spec(framing, header, "").take();
    o.answer = frames::make_answer_rule(select, match, timing).take();
    return o;
  }

  static Outcome run(const DriverPlan& p, const WsOptions& o) {
    Outcome out;
    DriverHooks hooks;
    hooks.on_sample = [&](const Sample& s) { out.samples.push_back(s); };
    auto transport = make_ws_transport(p, o);
    SteadyClock clock;
    out.stats = drive(p, hooks, *transport, clock);
    out.counters = transport->counters();
    out.jpeg_bytes = p.bodies[0].bytes.size();
    return out;
  }

  static std::size_t count(const Outcome& o, ErrorClass e) {
    return static_cast<std::size_t>(std::count_if(o.samples.begin(), o.samples.end(),
                                                  [e](const Sample& s) { return s.error == e; }));
  }

  static inline std::unique_ptr<BackgroundProcess> s_peer;
  static inline int s_port = 0;
};

}  // namespace

TEST_F(WsTransportPeer, Base64JsonFramesAnsweredInOrderOnOneSession) {
  const auto o = options(frames::Framing::base64_json, "", "type=segmentation", "order", "inference_time,timing");
  const Outcome r = run(plan("/order", 5), o);
  ASSERT_EQ(r.samples.size(), 5u);
  EXPECT_EQ(r.counters.sessions, 1u);
  EXPECT_EQ(r.counters.ignored, 5u) << "one status message per frame, not an answer";
  for (std::size_t i = 0; i < r.samples.size(); ++i) {
    const Sample& s = r.samples[i];
    EXPECT_EQ(s.error, ErrorClass::none) << samples::sample_to_json(s);
    EXPECT_EQ(s.status, 101);
    ASSERT_TRUE(s.ws);
    EXPECT_EQ(s.ws->frame_id, s.seq);
    EXPECT_EQ(s.ws->session, 0u);
    EXPECT_EQ(s.conn, i == 0 ? samples::ConnUse::fresh : samples::ConnUse::reused);
    EXPECT_EQ(s.server, (std::vector<samples::TimingMetric>{{"inference_time", 2.5}, {"decode", 1.5}, {"post", 0.25}}));
    ASSERT_TRUE(s.upload_ms);
    EXPECT_LE(*s.upload_ms, s.total_ms);
    EXPECT_GT(s.bytes_up, 4 * r.jpeg_bytes / 3);  // base64: a third bigger than the JPEG
    EXPECT_GT(s.bytes_down, 60u);
  }
  const Sample& first = r.samples[0];
  ASSERT_TRUE(first.connect_ms && first.ws->upgrade_ms && first.ws->first_answer_ms) << samples::sample_to_json(first);
  EXPECT_LE(*first.connect_ms + *first.ws->upgrade_ms, first.total_ms);
  EXPECT_LE(*first.ws->first_answer_ms, first.total_ms);
  EXPECT_FALSE(r.samples[1].connect_ms);
  EXPECT_FALSE(r.samples[1].ws->first_answer_ms);
}

TEST_F(WsTransportPeer, BinaryFramesMatchedByIdWhenAnswersOvertake) {
  auto p = plan("/id", 12);
  p.schedule.rate_per_s = 200;  // open loop, up to 4 pending: even frames' answers come 40 ms late
  p.schedule.max_in_flight = 4;
  const Outcome r = run(p, options(frames::Framing::binary, k_header, "type=segmentation", "field:frame_id", "inference_time"));
  ASSERT_EQ(r.samples.size(), 12u);  // skipped frames do not count against the 12
  bool overtaken = false;
  for (std::size_t i = 0; i < r.samples.size(); ++i) {
    const Sample& s = r.samples[i];
    EXPECT_EQ(s.error, ErrorClass::none) << samples::sample_to_json(s);
    EXPECT_EQ(s.server, (std::vector<samples::TimingMetric>{{"inference_time", 1.0}}));
    // The peer's struct.calcsize("!QdI") = 20, then the JPEG; a masked frame of 126..65535
    // payload bytes adds 2 + 2 + 4 (RFC 6455 5.2).
    EXPECT_EQ(s.bytes_up, 20 + r.jpeg_bytes + 8);
    // An even frame waits 40 ms at the peer, an odd one does not.
    if (s.seq % 2 == 0) {
      EXPECT_GE(s.total_ms, 40.0) << samples::sample_to_json(s);
    }
    if (i > 0 && r.samples[i].seq < r.samples[i - 1].seq) overtaken = true;
    EXPECT_LE(s.ws->pending, 3u);
  }
  EXPECT_TRUE(overtaken) << "answers came in frame order: the test did not test matching by id";
  EXPECT_EQ(r.counters.orphans + r.counters.late, 0u);
}

TEST_F(WsTransportPeer, MsgpackFramesAnd310KilobyteAnswers) {
  const Outcome r = run(plan("/msgpack", 3), options(frames::Framing::msgpack, "", "type=depth", "field:frame_id", "timing"));
  ASSERT_EQ(r.samples.size(), 3u);
  for (const Sample& s : r.samples) {
    EXPECT_EQ(s.error, ErrorClass::none) << samples::sample_to_json(s);
    EXPECT_EQ(s.server, (std::vector<samples::TimingMetric>{{"infer", 7.5}, {"post", 1.25}}));
    // 310,000 bytes of points, a few dozen of map, 2 + 8 of an unmasked 64-bit-length frame.
    EXPECT_GT(s.bytes_down, 310010u);
    EXPECT_LT(s.bytes_down, 310200u);
  }
}

TEST_F(WsTransportPeer, AServerClosingMidStreamEndsThePendingFrameAsClosedAndTheNextFrameReconnects) {
  const Outcome r = run(plan("/close3", 6), options(frames::Framing::binary, k_header, "", "field:frame_id", ""));
  ASSERT_EQ(r.samples.size(), 6u);
  std::vector<ErrorClass> classes;
  for (const Sample& s : r.samples) classes.push_back(s.error);
  EXPECT_EQ(classes, (std::vector<ErrorClass>{ErrorClass::none, ErrorClass::none, ErrorClass::closed,
                                              ErrorClass::none, ErrorClass::none, ErrorClass::closed}));
  EXPECT_EQ(r.counters.sessions, 2u);
  EXPECT_EQ(r.samples[3].conn, samples::ConnUse::fresh);
  EXPECT_EQ(r.samples[3].ws->session, 1u);
  EXPECT_EQ(r.samples[2].status, 0);
}

TEST_F(WsTransportPeer, ASilentServerTimesOutEveryFrame) {
  auto p = plan("/silent", 2);
  p.timeout = std::chrono::milliseconds(300);
  const Outcome r = run(p, options(frames::Framing::binary, k_header, "", "order", ""));
  ASSERT_EQ(r.samples.size(), 2u);
  for (const Sample& s : r.samples) {
    EXPECT_EQ(s.error, ErrorClass::timeout);
    EXPECT_GE(s.total_ms, 300.0);
    EXPECT_LT(s.total_ms, 600.0);
    EXPECT_TRUE(s.upload_ms) << "the frame was sent";
  }
}

TEST_F(WsTransportPeer, AnswersForFramesNotPendingAreUnmatched) {
  const Outcome r = run(plan("/unmatched", 3), options(frames::Framing::binary, k_header, "", "field:frame_id", ""));
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(count(r, ErrorClass::unmatched), 3u);
  EXPECT_EQ(r.counters.sessions, 1u) << "an unmatched answer does not end the session";
}

TEST_F(WsTransportPeer, AGarbageAnswerIsAProtocolError) {
  const Outcome r = run(plan("/garbage", 2), options(frames::Framing::binary, k_header, "", "field:frame_id", ""));
  ASSERT_EQ(r.samples.size(), 2u);
  EXPECT_EQ(count(r, ErrorClass::protocol), 2u);
}

TEST_F(WsTransportPeer, AMessageAboveTheMaximumEndsTheSession) {
  auto o = options(frames::Framing::binary, k_header, "", "order", "");
  o.max_message = 1 << 20;  // the peer answers 2 MB
  const Outcome r = run(plan("/big", 2), o);
  ASSERT_EQ(r.samples.size(), 2u);
  EXPECT_EQ(count(r, ErrorClass::protocol), 2u);
  EXPECT_EQ(r.counters.sessions, 2u) << "each frame found the session ended and opened one";
}

TEST_F(WsTransportPeer, ReconnectEveryTwoFramesRecordsTheFirstAnswerAfterEachConnect) {
  auto o = options(frames::Framing::base64_json, "", "type=segmentation", "order", "");
  o.reconnect_every = 2;
  const Outcome r = run(plan("/order", 6), o);
  ASSERT_EQ(r.samples.size(), 6u);
  EXPECT_EQ(r.counters.sessions, 3u);
  EXPECT_EQ(r.counters.reconnects, 2u);
  for (std::size_t i = 0; i < 6; ++i) {
    const Sample& s = r.samples[i];
    EXPECT_EQ(s.error, ErrorClass::none) << samples::sample_to_json(s);
    EXPECT_EQ(s.ws->session, i / 2);
    EXPECT_EQ(s.conn, i % 2 == 0 ? samples::ConnUse::fresh : samples::ConnUse::reused);
    EXPECT_EQ(s.ws->first_answer_ms.has_value(), i % 2 == 0) << samples::sample_to_json(s);
  }
}

TEST_F(WsTransportPeer, ARefusedConnectIsUnreachable) {
  DriverPlan p = plan("/order", 2);
  p.url = "ws://127.0.0.1:1/order";  // a closed port on loopback
  const auto o = options(frames::Framing::binary, "", "", "order", "");
  try {
    run(p, o);
    FAIL() << "expected the driver's unreachable verdict";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unreachable);
    EXPECT_NE(std::string(e.what()).find("connection refused"), std::string::npos) << e.what();
  }
}

TEST_F(WsTransportPeer, DriveTakesWsOptions) {
  const auto o = options(frames::Framing::base64_json, "", "type=segmentation", "order", "");
  std::vector<Sample> got;
  DriverHooks hooks;
  hooks.on_sample = [&](const Sample& s) { got.push_back(s); };
  const DriverStats stats = drive(plan("/order", 3), hooks, o);
  EXPECT_EQ(stats.completed, 3u);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(samples::sample_to_json(got[0]).find("\"transport\":\"ws\",\"direction\":\"up\",\"frame_id\":0,\"session\":0,\"pending\":0,\"upgrade_ms\":") != std::string::npos, true)
      << samples::sample_to_json(got[0]);
}

namespace {

class WsTransportTls : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists("/usr/bin/openssl")) << "/usr/bin/openssl missing: ./dev deps installs it";
    m_dir = latbench::test::make_temp_dir("latbench-wss");
    m_cert = m_dir + "/cert.pem";
    const std::string key = m_dir + "/key.pem";
    auto r = latbench::test::run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", m_cert,
                                          "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    m_peer = std::make_unique<BackgroundProcess>(
        k_system_python, std::vector<std::string>{latbench::test::fixtures_dir() + "/ws/ws_peer.py", "--cert", m_cert, "--key", key});
    ASSERT_TRUE(m_peer->read_until("listening on wss://127.0.0.1:", std::chrono::seconds(20))) << m_peer->output();
    ASSERT_TRUE(m_peer->read_until("\n", std::chrono::seconds(5))) << m_peer->output();
    const std::string& out = m_peer->output();
    m_url = "wss://127.0.0.1:" + std::to_string(std::stoi(out.substr(out.find("127.0.0.1:") + 10))) + "/order";
  }

  std::vector<Sample> run(const TlsOptions& tls) {
    DriverPlan p;
    p.url = m_url;
    payload::JpegSpec spec;
    spec.size = {64, 48};
    p.bodies.push_back(payload::encode_body(payload::synthesize_jpeg(spec), payload::Encoding::raw));
    p.requests = 3;
    p.timeout = std::chrono::seconds(3);
    p.tls = tls;
    WsOptions o;
    o.framing = frames::make_framing_spec(frames::Framing::base64_json, "", "").take();
    o.answer = frames::make_answer_rule("type=segmentation", "order", "").take();
    std::vector<Sample> got;
    DriverHooks hooks;
    hooks.on_sample = [&](const Sample& s) { got.push_back(s); };
    drive(p, hooks, o);
    return got;
  }

  std::string m_dir, m_cert, m_url;
  std::unique_ptr<BackgroundProcess> m_peer;
};

}  // namespace

TEST_F(WsTransportTls, TrustedCertificateGivesATlsPhaseOnTheSessionsFirstFrame) {
  const auto got = run({PeerCheck::verify, m_cert});
  ASSERT_EQ(got.size(), 3u);
  for (const Sample& s : got) EXPECT_EQ(s.error, ErrorClass::none) << samples::sample_to_json(s);
  ASSERT_TRUE(got[0].tls_ms && got[0].connect_ms && got[0].ws->upgrade_ms) << samples::sample_to_json(got[0]);
  EXPECT_GT(*got[0].tls_ms, 0.0);
  EXPECT_LE(*got[0].connect_ms + *got[0].tls_ms + *got[0].ws->upgrade_ms, got[0].total_ms);
  EXPECT_FALSE(got[1].tls_ms);
}

TEST_F(WsTransportTls, AnUntrustedCertificateIsACertificateErrorAndSkippingTheCheckWorks) {
  // The system's CAs do not know a certificate made a second ago; every frame's session fails.
  const auto bad = run({PeerCheck::verify, {}});
  ASSERT_EQ(bad.size(), 3u);
  for (const Sample& s : bad) EXPECT_EQ(s.error, ErrorClass::certificate) << samples::sample_to_json(s);
  const auto skipped = run({PeerCheck::skip, {}});
  ASSERT_EQ(skipped.size(), 3u);
  for (const Sample& s : skipped) EXPECT_EQ(s.error, ErrorClass::none) << samples::sample_to_json(s);
}
