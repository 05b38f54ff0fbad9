// Uploads a server sheds (async queue full) are their own error class, `dropped`, not http_5xx:
// the async experiments are about how many frames the server throws away.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/run_report.hpp"
#include "app/run_workload.hpp"
#include "mini_http_server.hpp"
#include "process.hpp"
#include "samples/reader.hpp"
#include "server/distribution.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using latbench::test::MiniHttpServer;
using latbench::test::Reply;

namespace {

client::RunConfig small_run(const char* tag) {
  client::RunConfig c;
  c.image = "64x48";
  c.out_dir = test::make_temp_dir(std::string("latbench-dropped-") + tag);
  c.max_start_lag = 10s;  // a loaded CI box lags; validity is not what this tests
  return c;
}

}  // namespace

TEST(RunDropped, A503ThatSaysDroppedByHeaderOrBodyIsDropped) {
  // Request i % 3: 0 -> 503 with the header only, 1 -> 503 with the body only, 2 -> plain 503.
  MiniHttpServer server([](std::uint64_t i) {
    Reply r{0ms, 503};
    r.body = R"({"error":"busy"})";
    if (i % 3 == 0) r.extra_header = "X-Drop-Reason: queue full";
    if (i % 3 == 1) r.body = R"({"request_id":1, "status": "dropped"})";
    return r;
  });
  auto c = small_run("mini");
  c.url = server.url();
  c.connection = client::ConnectionMode::persistent;
  c.requests = 9;
  auto r = app::run_workload(c);
  EXPECT_EQ(r.errors["dropped"], 6u);
  EXPECT_EQ(r.errors["http_5xx"], 3u);
  auto samples = samples::read_samples_file(r.samples_path).take().samples;
  ASSERT_EQ(samples.size(), 9u);
  for (const auto& s : samples) {
    EXPECT_EQ(s.status, 503);
    auto expected = s.seq % 3 == 2 ? client::ErrorClass::http_5xx : client::ErrorClass::dropped;
    EXPECT_EQ(s.error, expected) << "seq " << s.seq;
  }
}

TEST(RunDropped, EmbeddedAsyncServerWithATinyQueueDropsAndEveryDropIsCounted) {
  // One model slot busy 300 ms per image and a queue of 1: of a burst of closed-loop uploads
  // (answered at once by the async server) the first two are accepted, the rest shed until
  // the slot frees up. The server's own drop counter is the independent count.
  auto c = small_run("embedded");
  c.connection = client::ConnectionMode::persistent;
  c.requests = 12;
  c.server.mode = server::Mode::async;
  c.server.queue_capacity = 1;
  c.server.processing.workers = 1;
  c.server.processing.infer = server::Distribution::parse("fixed(300ms)", "test").take();
  auto r = app::run_workload(c);
  ASSERT_TRUE(r.server.has_value());
  EXPECT_GE(r.server->dropped, 1u);
  EXPECT_EQ(r.errors["dropped"], r.server->dropped);
  EXPECT_EQ(r.errors.count("http_5xx"), 0u);
  EXPECT_EQ(r.ok + r.server->dropped, 12u);

  auto samples = samples::read_samples_file(r.samples_path).take().samples;
  auto on_disk = std::count_if(samples.begin(), samples.end(), [](const client::Sample& s) {
    return s.error == client::ErrorClass::dropped && s.status == 503;
  });
  EXPECT_EQ(static_cast<std::uint64_t>(on_disk), r.server->dropped);

  // The summary text and the JSON document both count them.
  auto text = app::format_run_summary(c, r);
  EXPECT_NE(text.find(std::to_string(r.server->dropped) + " dropped"), std::string::npos) << text;
  auto doc = app::run_summary_document(c, r);
  EXPECT_EQ(doc["run"]["errors"]["dropped"].get<std::uint64_t>(), r.server->dropped);
  std::ifstream in(r.out_dir / "summary.json");
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_NE(file.str().find("\"dropped\""), std::string::npos);
}
