// The embedded server answers like the FastAPI+YOLO server it stands for (issue 14: it simulated
// 0 ms of inference, so `./dev demo` measured 2 ms answers), and the run says which model it ran.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "process.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;

namespace {

double series_median(const nlohmann::json& doc, const std::string& name) {
  for (const auto& s : doc["series"])
    if (s["name"] == name) return s["median"].get<double>();
  ADD_FAILURE() << "no series " << name << " in " << doc.dump();
  return -1;
}

}  // namespace

TEST(RunEmbeddedDefault, SimulatesAFortyMillisecondModelAndSaysSoFirst) {
  const auto r = run_latbench({"run", "--requests", "4", "--out", make_temp_dir("latbench-infer") + "/run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string first = r.out.substr(0, r.out.find('\n'));
  EXPECT_NE(first.find("(embedded server: lognormal(40ms,5ms) inference)"), std::string::npos) << first;
  const auto doc = run_latbench({"run", "--requests", "4", "--json", "--out", make_temp_dir("latbench-infer") + "/run"});
  ASSERT_EQ(doc.exit_code, 0) << doc.err;
  const auto j = nlohmann::json::parse(doc.out);
  // Loose on purpose (a loaded machine only adds): 4 lognormal draws of mean 40 ms, SD 5 ms.
  EXPECT_GT(series_median(j, "server_infer"), 20.0);
  EXPECT_GT(series_median(j, "total"), 20.0);
}

TEST(RunEmbeddedDefault, InferFlagStillOverridesTheModel) {
  const auto r = run_latbench({"run", "--requests", "2", "--infer", "0ms", "--out", make_temp_dir("latbench-infer") + "/run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.substr(0, r.out.find('\n')).find("(embedded server: fixed(0ms) inference)"), std::string::npos) << r.out;
}
