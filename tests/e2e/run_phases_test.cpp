// `latbench run` phases against the reference server: ttfb is the final answer's first byte (an
// HD body above libcurl's 64 KB send buffer, with or without Expect: 100-continue), and on a
// slow uplink the body's transfer counts as network overhead, not server time. Every figure is
// checked against its own arithmetic on the sample lines, not against latbench's summary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/sample_lines.hpp"
#include "process.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using latbench::test::sample_lines;

namespace {

bool has_series(const std::string& summary_path, const std::string& name) {
  std::ifstream in(summary_path);
  auto doc = nlohmann::json::parse(in);
  for (const auto& s : doc["series"])
    if (s["name"] == name) return true;
  return false;
}

// Each answered upload of an HD frame to a server that takes 40 ms: ttfb >= 40 ms, after upload.
void expect_ttfb_after_inference(const std::vector<nlohmann::json>& samples) {
  ASSERT_FALSE(samples.empty());
  for (const auto& s : samples) {
    ASSERT_EQ(s["status"], 200) << s.dump();
    // Big enough to pass libcurl's 64 KB send buffer: the case where its STARTTRANSFER lies.
    EXPECT_GT(s["bytes_up"].get<double>(), 64 * 1024) << s.dump();
    ASSERT_TRUE(s.contains("ttfb_ms")) << s.dump();
    EXPECT_GE(s["ttfb_ms"].get<double>(), 40.0) << s.dump();
    EXPECT_LE(s["ttfb_ms"].get<double>(), s["total_ms"].get<double>()) << s.dump();
    if (s.contains("upload_ms")) {
      EXPECT_LE(s["upload_ms"].get<double>(), s["ttfb_ms"].get<double>()) << s.dump();
    }
  }
}

}  // namespace

TEST(RunPhases, HdFrameTtfbIsTheAnswerNotTheEndOfTheSend) {
  auto dir = make_temp_dir();
  auto r = run_latbench({"run", "--image", "hd", "--infer", "40ms", "--connection", "persistent",
                         "--requests", "4", "--quiet", "--out", dir + "/run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_ttfb_after_inference(sample_lines(dir + "/run"));
}

TEST(RunPhases, WithExpectContinueTheInterim100IsNotTheFirstByte) {
  // The reference server answers "100 Continue" at once, 40 ms before the real answer.
  auto dir = make_temp_dir();
  auto r = run_latbench({"run", "--image", "hd", "--infer", "40ms", "--connection", "persistent",
                         "--requests", "4", "--expect-continue", "--quiet", "--out", dir + "/run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_ttfb_after_inference(sample_lines(dir + "/run"));
  std::ifstream profile(dir + "/run/profile.yaml");
  std::string text((std::istreambuf_iterator<char>(profile)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("expect_continue: true"), std::string::npos) << text;
}

TEST(RunPhases, OnASlowUplinkTheBodysTransferIsNetworkOverheadNotServerTime) {
  auto dir = make_temp_dir();
  const std::string json = dir + "/summary.json";
  auto r = run_latbench({"run", "--link", "up=2mbit", "--connection", "persistent", "--requests", "3",
                         "--quiet", "--out", dir + "/run", "--export-json", json});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto samples = sample_lines(dir + "/run");
  ASSERT_EQ(samples.size(), 3u);
  for (const auto& s : samples) {
    ASSERT_EQ(s["status"], 200) << s.dump();
    // Every byte of the request crosses the 2 Mbit/s uplink: at least (bytes - one 1500-byte
    // burst) * 8 / 2e6 s, less 1 ms for clock granularity.
    const double bytes = s["bytes_up"].get<double>();
    const double floor_ms = (bytes - 1500) * 8 / 2e6 * 1000 - 1;
    ASSERT_GT(floor_ms, 100) << "a VGA frame should take ~200 ms at 2 Mbit/s: " << s.dump();
    ASSERT_TRUE(s.contains("network_overhead_ms")) << s.dump();
    EXPECT_GE(s["network_overhead_ms"].get<double>(), floor_ms) << s.dump();
    // The rule, recomputed here: overhead = total - (server total - server recv).
    const auto& server = s["server"];
    const double expected = s["total_ms"].get<double>() -
                            (server["total"].get<double>() - server["recv"].get<double>());
    EXPECT_NEAR(s["network_overhead_ms"].get<double>(), expected, 0.002) << s.dump();
  }
  // recv stays visible as its own stage.
  EXPECT_TRUE(has_series(json, "server_recv"));
  EXPECT_TRUE(has_series(json, "network_overhead"));
}
