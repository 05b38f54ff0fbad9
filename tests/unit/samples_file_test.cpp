#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "samples/json.hpp"
#include "samples/reader.hpp"
#include "samples/series.hpp"
#include "samples/writer.hpp"

using namespace latbench::samples;
namespace fs = std::filesystem;

namespace {

fs::path temp_file(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("latbench-samples-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

Sample answered(std::uint64_t seq, double total, ConnUse conn, double server_total) {
  Sample s;
  s.seq = seq;
  s.conn = conn;
  s.total_ms = total;
  s.status = 200;
  s.ttfb_ms = total - 0.1;
  s.upload_ms = 0.2;
  if (conn == ConnUse::fresh) {
    s.dns_ms = 0.01;
    s.connect_ms = 0.05;
  }
  s.server = {{"infer", server_total - 1}, {"total", server_total}};
  s.network_overhead_ms = total - server_total;
  return s;
}

const latbench::Series* find(const std::vector<latbench::Series>& all, const std::string& name) {
  for (const auto& s : all) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace

TEST(SamplesFile, WriteThenReadGivesTheSameSamples) {
  auto path = temp_file("roundtrip.jsonl");
  {
    SamplesWriter w(path);
    w.write(answered(0, 10, ConnUse::fresh, 8));
    w.write(answered(1, 12, ConnUse::reused, 9));
    w.flush();
    EXPECT_EQ(w.lines(), 2u);
  }
  auto file = read_samples_file(path).take();
  ASSERT_EQ(file.samples.size(), 2u);
  EXPECT_EQ(file.samples[1].seq, 1u);
  EXPECT_DOUBLE_EQ(file.samples[1].total_ms, 12);
  EXPECT_EQ(file.skipped.lines, 0u);
}

TEST(SamplesFile, TornLastLineIsSkippedAndCounted) {
  auto path = temp_file("torn.jsonl");
  {
    std::ofstream out(path);
    out << sample_to_json(answered(0, 10, ConnUse::fresh, 8)) << "\n\n";
    out << R"({"seq":1,"total_ms":)";  // a run killed mid-write
  }
  auto file = read_samples_file(path).take();
  EXPECT_EQ(file.samples.size(), 1u);
  EXPECT_EQ(file.skipped.lines, 1u);
  ASSERT_EQ(file.skipped.first_lines.size(), 1u);
  EXPECT_EQ(file.skipped.first_lines[0], 3u);
}

TEST(SamplesFile, MissingFileNamesThePath) {
  auto r = read_samples_file("/nonexistent/dir/samples.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("/nonexistent/dir/samples.jsonl"), std::string::npos);
}

TEST(SamplesFile, SeriesCountTimeoutsAtTheirElapsedTimeAndSkipOtherFailures) {
  Sample timeout;
  timeout.seq = 2;
  timeout.total_ms = 5000.4;
  timeout.error = ErrorClass::timeout;
  timeout.connect_ms = 0.05;
  Sample refused;
  refused.seq = 3;
  refused.total_ms = 0.1;
  refused.error = ErrorClass::refused;
  Sample warm = answered(4, 99, ConnUse::fresh, 50);
  warm.warmup = true;
  auto series = samples_to_series({answered(0, 10, ConnUse::fresh, 8),
                                   answered(1, 12, ConnUse::reused, 9), timeout, refused, warm});
  const auto* total = find(series, "total");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->values, (std::vector<double>{10, 12, 5000.4}));
  EXPECT_EQ(total->unit, "ms");
  EXPECT_EQ(total->skipped.lines, 1u);
  EXPECT_EQ(total->skipped.reasons.at("refused"), 1u);
  // dns / connect only from requests that opened a connection (seq 0 and the timeout).
  EXPECT_EQ(find(series, "connect")->values, (std::vector<double>{0.05, 0.05}));
  EXPECT_EQ(find(series, "ttfb")->values, (std::vector<double>{9.9, 11.9}));
  EXPECT_EQ(find(series, "server_total")->values, (std::vector<double>{8, 9}));
  EXPECT_EQ(find(series, "server_infer")->values, (std::vector<double>{7, 8}));
  EXPECT_EQ(find(series, "network_overhead")->values, (std::vector<double>{2, 3}));
  EXPECT_EQ(find(series, "total_new")->values, (std::vector<double>{10, 5000.4}));
  EXPECT_EQ(find(series, "total_reused")->values, (std::vector<double>{12}));
  EXPECT_EQ(find(series, "latency_from_intended"), nullptr);  // closed loop
}

TEST(SamplesFile, WarmupIncludedOnRequest) {
  Sample warm = answered(0, 99, ConnUse::fresh, 50);
  warm.warmup = true;
  auto series = samples_to_series({warm, answered(1, 10, ConnUse::fresh, 8)}, {.include_warmup = true});
  EXPECT_EQ(find(series, "total")->values, (std::vector<double>{99, 10}));
}

TEST(SamplesFile, SeriesOrderStartsWithTotalThenPhases) {
  auto series = samples_to_series({answered(0, 10, ConnUse::fresh, 8)});
  std::vector<std::string> names;
  for (const auto& s : series) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"total", "dns", "connect", "upload", "ttfb",
                                             "server_infer", "server_total", "network_overhead"}));
}

TEST(SamplesFile, UploadsSplitTotalByConnectionUseAViewersFramesDoNot) {
  std::vector<Sample> uploads = {answered(0, 10, ConnUse::fresh, 8), answered(1, 4, ConnUse::reused, 3),
                                 answered(2, 6, ConnUse::reused, 5)};
  auto series = samples_to_series(uploads);
  ASSERT_NE(find(series, "total_new"), nullptr);
  EXPECT_EQ(find(series, "total_new")->values.size(), 1u);
  EXPECT_EQ(find(series, "total_reused")->values.size(), 2u);

  // The same three as frames pushed to a viewer: the first opened the one session they all ride.
  for (auto& s : uploads) {
    s.ws = WsFrameFields{};
    s.ws->frame_id = s.seq;
    s.ws->down = WsDownFields{};
  }
  series = samples_to_series(uploads);
  EXPECT_EQ(find(series, "total_new"), nullptr);
  EXPECT_EQ(find(series, "total_reused"), nullptr);
  ASSERT_NE(find(series, "total"), nullptr);
  EXPECT_EQ(find(series, "total")->values.size(), 3u);
}
