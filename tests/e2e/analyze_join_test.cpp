// analyze --join with a server log in a user-defined format: the ESP32 HD example (the device's
// "Network Receive Time" against the server's "handled in N ms"). Expected numbers from
// tests/fixtures/analyze/expected_hd_join.py (plain regexes + numpy), read from its output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/series_named.hpp"
#include "common/test_files.hpp"
#include "process.hpp"
#include "common/test_paths.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using latbench::test::slurp;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

using latbench::test::sample;
using latbench::test::series_named;


void expect_stats(const nlohmann::json& got, const nlohmann::json& want, const std::string& name) {
  EXPECT_EQ(got.at("count"), want.at("count")) << name;
  for (const char* key : {"min", "max", "mean", "median", "sd"})
    EXPECT_NEAR(got.at(key).get<double>(), want.at(key).get<double>(), 1e-9) << name << " " << key;
  EXPECT_NEAR(got.at("percentiles").at("p95").get<double>(), want.at("p95").get<double>(), 1e-9) << name;
}

}  // namespace

TEST(AnalyzeJoinCli, DeviceSeriesWithAServerLogInAUserFormat) {
  const auto dir = make_temp_dir("latbench-join");
  const std::string json = dir + "/join.json";
  auto r = run_latbench({"analyze", sample("esp32_hd.log"), "--device-series", "receive", "--join", sample("hd_server.log"),
                         "--join-format", sample("hd_server.format.yaml"), "--export-json", json});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("esp32_hd.log: esp32 format"));
  EXPECT_THAT(r.out, HasSubstr("hd_server.log: hd_server format"));
  EXPECT_THAT(r.out, HasSubstr("joined by order: 14 pairs of device 'receive' and server 'handled'"));
  const auto doc = nlohmann::json::parse(slurp(json));
  const auto want = nlohmann::json::parse(slurp(latbench::test::source_dir() + "/tests/fixtures/analyze/expected_hd_join.json"));
  expect_stats(series_named(doc, "device_receive"), want.at("device_receive"), "device_receive");
  expect_stats(series_named(doc, "server_handled"), want.at("server_handled"), "server_handled");
  expect_stats(series_named(doc, "network_overhead"), want.at("network_overhead"), "network_overhead");
}

TEST(AnalyzeJoinCli, AServerLogNothingRecognisesSuggestsJoinFormat) {
  // main: the comma in "09:14:06,100" made it CSV, and the join failed for want of a 'total'.
  auto r = run_latbench({"analyze", sample("esp32_hd.log"), "--join", sample("hd_server.log")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("hd_server.log: matches no known log format"));
  EXPECT_THAT(r.err, HasSubstr("--join-format"));
  EXPECT_THAT(r.err, Not(HasSubstr("csv format")));
}

TEST(AnalyzeJoinCli, AnUnknownSeriesListsTheOnesThere) {
  auto r = run_latbench({"analyze", sample("esp32_hd.log"), "--device-series", "latency", "--join", sample("hd_server.log"),
                         "--join-format", sample("hd_server.format.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--device-series latency"));
  EXPECT_THAT(r.err, HasSubstr("send, receive, command, total"));
  auto s = run_latbench({"analyze", sample("esp32_hd.log"), "--server-series", "total", "--join", sample("hd_server.log"),
                         "--join-format", sample("hd_server.format.yaml")});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_THAT(s.err, HasSubstr("it has: handled"));
  auto t = run_latbench({"analyze", sample("esp32_hd.log"), "--device-series", "receive"});
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_THAT(t.err, HasSubstr("give --join"));
}

TEST(AnalyzeJoinCli, TheDefaultPairIsTotalAndFormatAppliesToTheFileOnly) {
  // Without --device-series the device's total is paired; --format names the FILE's format only
  // (the server log keeps its own, here the YAML one).
  auto r = run_latbench({"analyze", sample("esp32_hd.log"), "--format", "esp32", "--join", sample("hd_server.log"),
                         "--join-format", sample("hd_server.format.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("of device 'total' and server 'handled'"));
}
