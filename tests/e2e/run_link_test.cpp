// `latbench run --link`: the emulator sits between the driver and the embedded server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;

namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

double series_min(const nlohmann::json& doc, const std::string& name) {
  for (const auto& s : doc["series"])
    if (s["name"] == name) return s["min"].get<double>();
  ADD_FAILURE() << "no series " << name;
  return 0;
}

}  // namespace

TEST(RunLink, EveryUploadPaysAtLeastTheLinkRoundTrip) {
  auto dir = make_temp_dir();
  auto json_path = dir + "/summary.json";
  // delay=20ms one way: an answer cannot come back sooner than the 40 ms round trip (the
  // emulator is never early), however loaded the machine.
  auto r = run_latbench({"run", "--link", "delay=20ms", "--connection", "persistent", "--requests", "5",
                         "--quiet", "--out", dir + "/run", "--export-json", json_path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = read_json(json_path);
  EXPECT_GE(series_min(doc, "total"), 40.0);
  EXPECT_EQ(doc["run"]["link"]["counters"]["connections"], 1);
  EXPECT_NE(doc["run"]["link"]["spec"].get<std::string>().find("delay=20"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(RunLink, BadLinkSpecIsAUsageErrorNamingTheOption) {
  auto dir = make_temp_dir();
  auto r = run_latbench({"run", "--link", "delay=fast", "--requests", "1", "--out", dir + "/run"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--link"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}
