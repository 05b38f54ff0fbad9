// The driver engine against a scripted server: the open loop, connection pools, errors, timeouts
// and encodings, asserted from what the server saw and from the samples on disk. The scheduling's
// exact numbers are tested without sockets in tests/unit/driver_*_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "app/run_workload.hpp"
#include "payload/jpeg_synth.hpp"
#include "mini_http_server.hpp"
#include "process.hpp"
#include "samples/reader.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using latbench::test::MiniHttpServer;
using latbench::test::Reply;

namespace {

client::RunConfig config_for(const MiniHttpServer& server, const char* tag) {
  client::RunConfig c;
  c.url = server.url();
  c.image = "64x48";  // small frames: these tests are about scheduling, not bandwidth
  c.out_dir = test::make_temp_dir(std::string("latbench-workload-") + tag);
  c.max_start_lag = 10s;  // validity is judged in its own test; a loaded CI box lags
  return c;
}

std::vector<client::Sample> samples_of(const app::RunResult& r) {
  return samples::read_samples_file(r.samples_path).take().samples;
}

}  // namespace

TEST(RunWorkload, MaxInFlightSkipsFramesAndEveryFrameIsAccounted) {
  // The open loop against a real server (its exact pacing, skipping and the stall it shows in
  // latency from intended are tested in virtual time: tests/unit/driver_pacing_test.cpp).
  // 50 fps for 1 s = frames at 0, 20, ..., 980 ms: exactly 50 frames. Each upload stalls 200 ms
  // and at most 2 may be pending, so most frames are skipped.
  MiniHttpServer server([](std::uint64_t) { return Reply{200ms}; });
  auto c = config_for(server, "skip");
  c.connection = client::ConnectionMode::pool;
  c.pool_size = 2;
  c.rate_per_s = 50;
  c.max_in_flight = 2;
  c.duration = 1s;
  c.requests = 0;
  auto r = app::run_workload(c);
  EXPECT_EQ(r.driver.sent + r.driver.skipped, 50u);
  EXPECT_GE(r.driver.skipped, 30u);
  EXPECT_EQ(samples_of(r).size(), r.driver.sent);
  EXPECT_NEAR(r.drop_rate, static_cast<double>(r.driver.skipped) / 50.0, 1e-12);
  EXPECT_LE(server.connections(), 2u);
  for (const auto& s : samples_of(r)) EXPECT_TRUE(s.latency_from_intended_ms.has_value());
  bool has_series = std::any_of(r.summaries.begin(), r.summaries.end(),
                                [](const auto& s) { return s.name == "latency_from_intended"; });
  EXPECT_TRUE(has_series);
}

TEST(RunWorkload, PoolOpensExactlyItsSizeWhenBusy) {
  MiniHttpServer server([](std::uint64_t) { return Reply{50ms}; });
  auto c = config_for(server, "pool");
  c.connection = client::ConnectionMode::pool;
  c.pool_size = 3;
  c.rate_per_s = 200;
  c.requests = 30;
  auto r = app::run_workload(c);
  EXPECT_EQ(server.connections(), 3u);
  EXPECT_EQ(r.connections_new, 3u);
  EXPECT_EQ(r.connections_reused, 27u);
}

TEST(RunWorkload, PersistentIsOneConnectionPerDevice) {
  MiniHttpServer server([](std::uint64_t) { return Reply{5ms}; });
  auto c = config_for(server, "devices");
  c.connection = client::ConnectionMode::persistent;
  c.devices = 4;
  c.requests = 40;
  auto r = app::run_workload(c);
  EXPECT_EQ(server.connections(), 4u);
  auto received = server.received();
  ASSERT_EQ(received.size(), 40u);
  std::map<std::string, int> per_device;
  for (const auto& rec : received) ++per_device[rec.device_id];
  EXPECT_EQ(per_device.size(), 4u);
  EXPECT_EQ(per_device.count("latbench-3"), 1u);
}

TEST(RunWorkload, ErrorsAreClassifiedCountedAndTheRunGoesOn) {
  MiniHttpServer server([](std::uint64_t i) {
    switch (i % 5) {
      case 1: return Reply{0ms, 503};
      case 2: return Reply{0ms, 404};
      case 3: return Reply{0ms, 200, Reply::Kind::close_silently};
      case 4: return Reply{0ms, 200, Reply::Kind::reset};
      default: return Reply{};
    }
  });
  auto c = config_for(server, "errors");
  c.requests = 20;
  auto r = app::run_workload(c);
  EXPECT_EQ(r.measured, 20u);
  EXPECT_EQ(r.ok, 4u);
  EXPECT_EQ(r.errors["http_5xx"], 4u);
  EXPECT_EQ(r.errors["http_4xx"], 4u);
  EXPECT_EQ(r.errors["empty_reply"], 4u);  // closed before any answer byte
  EXPECT_EQ(r.errors.count("dropped"), 0u);  // dropped is a shed 5xx, not a silent close
  EXPECT_EQ(r.errors["reset"], 4u);    // RST
}

TEST(RunWorkload, TimeoutsCountAsAtLeastTheTimeout) {
  MiniHttpServer server([](std::uint64_t i) { return Reply{i == 1 ? 2000ms : 0ms}; });
  auto c = config_for(server, "timeout");
  c.requests = 3;
  c.timeout = 300ms;
  auto r = app::run_workload(c);
  EXPECT_EQ(r.errors["timeout"], 1u);
  EXPECT_EQ(r.timeouts_in_percentiles, 1u);
  const auto& total = r.summaries.front();
  ASSERT_EQ(total.name, "total");
  ASSERT_EQ(total.all.count, 3u);
  EXPECT_GE(total.all.max, 300.0);
}

TEST(RunWorkload, EncodingsPutTheExpectedBytesOnTheWire) {
  std::map<payload::Encoding, std::size_t> body;
  std::size_t jpeg = 0;
  for (auto e : {payload::Encoding::raw, payload::Encoding::base64_json, payload::Encoding::multipart}) {
    MiniHttpServer server([](std::uint64_t) { return Reply{}; });
    auto c = config_for(server, "encoding");
    c.requests = 2;
    c.encoding = e;
    auto r = app::run_workload(c);
    auto received = server.received();
    ASSERT_EQ(received.size(), 2u);
    body[e] = received[0].body_bytes;
    jpeg = static_cast<std::size_t>(r.image_bytes_mean);
    // What latbench reports on the wire is what the server read: head + body, byte for byte.
    EXPECT_DOUBLE_EQ(r.bytes_up_per_request,
                     static_cast<double>(received[0].header_bytes + received[0].body_bytes));
  }
  EXPECT_EQ(body[payload::Encoding::raw], jpeg);
  EXPECT_EQ(body[payload::Encoding::base64_json], (jpeg + 2) / 3 * 4 + 12);  // {"image":"..."}
  EXPECT_GT(body[payload::Encoding::multipart], jpeg);
  EXPECT_LT(body[payload::Encoding::multipart], jpeg + 400);
}

TEST(RunWorkload, WarmupIsRecordedButKeptOutOfTheStatistics) {
  MiniHttpServer server([](std::uint64_t) { return Reply{}; });
  auto c = config_for(server, "warmup");
  c.requests = 10;
  c.warmup = 3;
  auto r = app::run_workload(c);
  auto samples = samples_of(r);
  ASSERT_EQ(samples.size(), 13u);
  EXPECT_EQ(std::count_if(samples.begin(), samples.end(), [](auto& s) { return s.warmup; }), 3);
  EXPECT_EQ(r.summaries.front().all.count, 10u);
  ASSERT_EQ(r.warmup_summaries.size(), 1u);
  EXPECT_EQ(r.warmup_summaries[0].all.count, 3u);
}

TEST(RunWorkload, ServerTimingSplitsNetworkOverhead) {
  MiniHttpServer server([](std::uint64_t) { return Reply{20ms, 200, Reply::Kind::answer, 20.0}; });
  auto c = config_for(server, "timing");
  c.requests = 5;
  auto r = app::run_workload(c);
  for (const auto& s : samples_of(r)) {
    ASSERT_TRUE(s.network_overhead_ms.has_value());
    EXPECT_NEAR(*s.network_overhead_ms, s.total_ms - 20.0, 1e-9);
    EXPECT_GE(s.total_ms, 20.0);
  }
}

TEST(RunWorkload, RunIsNotValidWhenLatbenchStartsLaterThanTheLimit) {
  MiniHttpServer server([](std::uint64_t) { return Reply{}; });
  auto c = config_for(server, "valid");
  c.requests = 5;
  c.max_start_lag = Nanos(0);  // any lag at all is too much: the verdict must flip
  auto r = app::run_workload(c);
  EXPECT_FALSE(r.valid);
  EXPECT_NE(r.invalid_reason.find("late at p99"), std::string::npos) << r.invalid_reason;
  c.max_start_lag = 10s;
  c.out_dir = test::make_temp_dir("latbench-workload-valid2");
  EXPECT_TRUE(app::run_workload(c).valid);
}

TEST(RunWorkload, ImageFolderIsCycledAndHeadersAreSent) {
  auto dir = test::make_temp_dir("latbench-frames");
  std::vector<std::size_t> sizes;
  for (int i = 0; i < 2; ++i) {
    auto jpeg = payload::synthesize_jpeg({{64 * (i + 1), 48 * (i + 1)}, 80, 1});
    sizes.push_back(jpeg.size());
    std::ofstream(dir + "/frame" + std::to_string(i) + ".jpg", std::ios::binary)
        .write(reinterpret_cast<const char*>(jpeg.data()), static_cast<std::streamsize>(jpeg.size()));
  }
  std::ofstream(dir + "/notes.txt") << "not a frame";
  MiniHttpServer server([](std::uint64_t) { return Reply{}; });
  auto c = config_for(server, "folder");
  c.image = dir;
  c.requests = 4;
  c.headers = {"X-Token: abc123"};
  app::run_workload(c);
  auto received = server.received();
  ASSERT_EQ(received.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(received[i].body_bytes, sizes[i % 2]) << i;
    EXPECT_EQ(received[i].content_type, "image/jpeg");
    EXPECT_NE(received[i].head.find("\r\nX-Token: abc123\r\n"), std::string::npos);
    EXPECT_EQ(received[i].head.find("Expect:"), std::string::npos);
  }
}

TEST(RunWorkload, ImagePathThatIsNotAJpegIsAnInputError) {
  auto dir = test::make_temp_dir("latbench-badframe");
  std::ofstream(dir + "/x.jpg") << "hello";
  client::RunConfig c;
  c.url = "http://127.0.0.1:9/never";
  c.image = dir + "/x.jpg";
  c.out_dir = dir + "/run";
  try {
    app::run_workload(c);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir + "/x.jpg"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a JPEG"), std::string::npos) << e.what();
  }
}
