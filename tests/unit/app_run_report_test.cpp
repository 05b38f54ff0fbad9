#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/run_report.hpp"

using namespace latbench;
using namespace latbench::client;
using namespace latbench::app;

namespace {

RunResult fabricated() {
  RunResult r;
  r.url = "http://127.0.0.1:8000/api/devices/file/image";
  r.summaries = {stats::summarize(Series{"total", "ms", {10, 20, 5000.5}, {}})};
  r.measured = 4;
  r.ok = 2;
  r.errors = {{"timeout", 1}, {"refused", 1}};
  r.timeouts_in_percentiles = 1;
  r.connections_new = 4;
  r.bytes_up_per_request = 49125;
  r.image_bytes_mean = 48974;
  r.valid = false;
  r.invalid_reason = "latbench started requests 12ms late at p99";
  r.samples_path = "runs/x/samples.jsonl";
  return r;
}

}  // namespace

TEST(AppRunReport, SummarySaysErrorsTimeoutsAndValidity) {
  RunConfig c;
  auto text = format_run_summary(c, fabricated());
  EXPECT_NE(text.find("4 measured, 2 ok, 2 errors (1 refused, 1 timeout)"), std::string::npos) << text;
  EXPECT_NE(text.find("1 timed-out requests count in total as at least the timeout (5.00s)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("RUN NOT VALID: latbench started requests 12ms late at p99"), std::string::npos) << text;
  EXPECT_NE(text.find("49.1 KB up (raw encoding, JPEG 49.0 KB)"), std::string::npos) << text;
  EXPECT_NE(text.find("samples: runs/x/samples.jsonl"), std::string::npos) << text;
}

TEST(AppRunReport, DocumentCarriesSeriesAndTheRunObject) {
  RunConfig c;
  c.connection = ConnectionMode::pool;
  c.pool_size = 2;
  auto doc = run_summary_document(c, fabricated());
  EXPECT_EQ(doc["tool"], "latbench");
  EXPECT_EQ(doc["series"][0]["name"], "total");
  EXPECT_EQ(doc["series"][0]["count"], 3);
  EXPECT_EQ(doc["run"]["options"]["connection"], "pool=2");
  EXPECT_EQ(doc["run"]["errors"]["timeout"], 1);
  EXPECT_EQ(doc["run"]["valid"], false);
  EXPECT_FALSE(doc["run"].contains("server"));  // no embedded server in this result
}
