// The viewer report's tallies (app/viewer_report.hpp) against tests/fixtures/viewer/viewer_oracle.py,
// which computes frame-id gaps from sets, stalls from the gaps, RFC 3550 jitter and the SD of the
// gaps without latbench's code (its cases: viewer_cases.json).
#include "app/viewer_report.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/test_paths.hpp"
#include "samples/series.hpp"

using namespace latbench;
using nlohmann::json;

namespace {

json cases() {
  std::ifstream in(test::fixtures_dir() + "/viewer/viewer_cases.json");
  return json::parse(in);
}

samples::Sample frame(const json& row, std::uint64_t seq) {
  samples::Sample s;
  s.seq = seq;
  s.device = row["viewer"].get<unsigned>();
  s.status = 101;
  s.bytes_down = 1000;
  samples::WsFrameFields ws;
  ws.frame_id = row["id"].get<std::uint64_t>();
  samples::WsDownFields down;
  down.arrival_ms = row["arrival_ms"].get<double>();
  if (!row["gap_ms"].is_null()) down.gap_ms = row["gap_ms"].get<double>();
  if (!row["age_ms"].is_null()) down.frame_age_ms = row["age_ms"].get<double>();
  s.total_ms = down.frame_age_ms.value_or(0);
  ws.down = down;
  s.ws = ws;
  return s;
}

struct Tallied {
  app::ViewerReport report;
  json expected;
};

Tallied tally(const json& c) {
  const auto& e = c["expected"];
  app::ViewerTally tally(static_cast<unsigned>(e["per_viewer"].size()), c["stall_ms"].get<double>());
  samples::SeriesBuilder series;
  std::uint64_t seq = 0;
  for (const auto& row : c["frames"]) {
    const auto s = frame(row, seq++);
    tally.add(s);
    series.add(s);
  }
  std::vector<stats::Summary> summaries;
  series.for_each_series([&](Series&& s) { summaries.push_back(stats::summarize(s)); });
  client::ViewerStats stats;
  return {tally.finish("binary", c["elapsed_s"].get<double>(), stats, client::ClockRelation::same, 0, summaries), e};
}

}  // namespace

TEST(ViewerReport, FrameIdGapsDuplicatesAndReorderMatchTheOraclesSetCount) {
  const json all = cases();  // named: a range-for over cases()["cases"] would read a destroyed temporary
  for (const auto& c : all["cases"]) {
    const auto [r, e] = tally(c);
    SCOPED_TRACE(c["name"].get<std::string>());
    EXPECT_EQ(r.missing, e["missing"].get<std::uint64_t>());
    ASSERT_EQ(r.per_viewer.size(), e["per_viewer"].size());
    for (std::size_t i = 0; i < r.per_viewer.size(); ++i) {
      const auto& v = e["per_viewer"][i];
      EXPECT_EQ(r.per_viewer[i].frames, v["frames"].get<std::uint64_t>()) << "viewer " << i;
      EXPECT_EQ(r.per_viewer[i].missing, v["missing"].get<std::uint64_t>()) << "viewer " << i;
      EXPECT_EQ(r.per_viewer[i].duplicates, v["duplicates"].get<std::uint64_t>()) << "viewer " << i;
      EXPECT_EQ(r.per_viewer[i].reordered, v["reordered"].get<std::uint64_t>()) << "viewer " << i;
    }
  }
}

TEST(ViewerReport, StallsCountLongGapsAndTheSilenceAtTheEnd) {
  const json all = cases();  // named: a range-for over cases()["cases"] would read a destroyed temporary
  for (const auto& c : all["cases"]) {
    const auto [r, e] = tally(c);
    SCOPED_TRACE(c["name"].get<std::string>());
    EXPECT_EQ(r.stalls.count, e["stalls"].get<std::uint64_t>());
    for (std::size_t i = 0; i < r.per_viewer.size(); ++i) {
      const auto& v = e["per_viewer"][i];
      EXPECT_EQ(r.per_viewer[i].stalls.count, v["stalls"].get<std::uint64_t>()) << "viewer " << i;
      EXPECT_NEAR(r.per_viewer[i].stalls.longest_ms, v["stall_longest_ms"].get<double>(), 1e-6) << "viewer " << i;
      EXPECT_NEAR(r.per_viewer[i].stalls.total_ms, v["stall_total_ms"].get<double>(), 1e-6) << "viewer " << i;
    }
  }
}

TEST(ViewerReport, JitterIsRfc3550sEstimateOverTheAgesAndTheSdOfTheGaps) {
  const json all = cases();  // named: a range-for over cases()["cases"] would read a destroyed temporary
  for (const auto& c : all["cases"]) {
    const auto [r, e] = tally(c);
    SCOPED_TRACE(c["name"].get<std::string>());
    ASSERT_TRUE(r.jitter_rfc3550_ms);
    EXPECT_NEAR(*r.jitter_rfc3550_ms, e["jitter_rfc3550_ms"].get<double>(), 1e-9);
    ASSERT_TRUE(r.gap_sd_ms);
    EXPECT_NEAR(*r.gap_sd_ms, e["gap_sd_ms"].get<double>(), 1e-6 * e["gap_sd_ms"].get<double>());
  }
}

TEST(ViewerReport, CapacityIsTheLinksDownRateOverTheMeanBytesPerFrame) {
  const json c = cases()["cases"][0];
  app::ViewerTally tally(1, 500);
  std::uint64_t seq = 0;
  for (const auto& row : c["frames"]) tally.add(frame(row, seq++));
  client::ViewerStats stats;
  // 8 frames of 1000 bytes over 2.5 s; 2 Mbit/s carries 250 frames of 1000 bytes a second.
  const auto r = tally.finish("binary", 2.5, stats, client::ClockRelation::same, 2e6, {});
  EXPECT_DOUBLE_EQ(r.bytes_per_frame, 1000);
  ASSERT_TRUE(r.capacity_fps);
  EXPECT_DOUBLE_EQ(*r.capacity_fps, 250);
  EXPECT_DOUBLE_EQ(r.fps, 8 / 2.5);
  EXPECT_DOUBLE_EQ(r.bits_per_s, 8 * 8000 / 2.5);
  // Frames at 10..1500 ms of a 2.5 s run: seconds 0 and 1 (whole seconds only).
  EXPECT_EQ(r.per_second, (std::vector<std::uint64_t>{7, 1}));
  EXPECT_FALSE(tally.finish("binary", 2.5, stats, client::ClockRelation::same, 0, {}).capacity_fps);
}
