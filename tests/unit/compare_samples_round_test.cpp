// compare reads a samples.jsonl the way `latbench run` summarises it: the same total series.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compare/samples_round.hpp"
#include "compare/source.hpp"
#include "common/test_files.hpp"

using latbench::test::write_temp_file;
namespace fs = std::filesystem;
using namespace latbench;

TEST(CompareSamplesRound, TotalKeepsAnsweredErrorsAndTimeoutsButNotRefusals) {
  // warm-up 1 ms (left out), ok 10, 503 answer 20, timeout 5000, refused (no answer) 0.5.
  const fs::path path = write_temp_file("latbench-compare-reader.jsonl",
                              "{\"seq\":0,\"warmup\":true,\"start_ms\":0,\"total_ms\":1,\"status\":200}\n"
                              "{\"seq\":1,\"start_ms\":1,\"total_ms\":10,\"status\":200}\n"
                              "{\"seq\":2,\"start_ms\":11,\"total_ms\":20,\"status\":503,\"error\":\"http_5xx\"}\n"
                              "{\"seq\":3,\"start_ms\":31,\"total_ms\":5000,\"status\":0,\"error\":\"timeout\"}\n"
                              "{\"seq\":4,\"start_ms\":5031,\"total_ms\":0.5,\"status\":0,\"error\":\"refused\"}\n");
  std::vector<std::string> notes;
  const compare::Round round = compare::read_samples_round(path, "total", notes).take();
  EXPECT_EQ(round.latency, (std::vector<double>{10, 20, 5000}));
  EXPECT_EQ(round.requests, 4u);
  EXPECT_EQ(round.errors, 3u);
  EXPECT_DOUBLE_EQ(round.duration_s, (5031.5 - 1) / 1000.0);
  EXPECT_TRUE(notes.empty());
  fs::remove(path);
}

TEST(CompareSamplesRound, OnlyATornLastLineIsForgiven) {
  std::vector<std::string> notes;
  const fs::path torn = write_temp_file("latbench-compare-torn.jsonl",
                              "{\"seq\":1,\"total_ms\":10,\"status\":200}\n{\"seq\":2,\"tot");
  const compare::Round round = compare::read_samples_round(torn, "total", notes).take();
  EXPECT_EQ(round.latency, (std::vector<double>{10}));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find(":2: skipped a damaged last line"), std::string::npos) << notes[0];

  const fs::path middle = write_temp_file("latbench-compare-middle.jsonl",
                                "{\"seq\":1,\"total_ms\":10,\"status\":200}\nnope\n{\"seq\":2,\"total_ms\":11,\"status\":200}\n");
  const auto bad = compare::read_samples_round(middle, "total", notes);
  ASSERT_FALSE(bad);
  EXPECT_NE(std::string(bad.error().what()).find("latbench-compare-middle.jsonl:2:"), std::string::npos)
      << bad.error().what();
  const auto unknown = compare::read_samples_round(torn, "server_infer", notes);
  ASSERT_FALSE(unknown);
  EXPECT_NE(std::string(unknown.error().what()).find("this file has: total"), std::string::npos)
      << unknown.error().what();
  fs::remove(torn);
  fs::remove(middle);
}

// A folder of rounds against one recording: rounds cannot be the sample unit (a side with one
// value tests nothing), so the rounds are pooled into one recording, and the note says so.
TEST(ComparePooling, RoundsAgainstASingleRecordingArePooled) {
  compare::Source rounds, single;
  rounds.label = "base";
  rounds.rounds = {{{1, 2}, 2, 0, 1.0}, {{3}, 2, 1, 0.5}};
  single.label = "cand";
  single.rounds = {{{9}, 1, 0, 0.1}};
  std::string note;
  ASSERT_TRUE(compare::pool_mismatched_rounds(rounds, single, note));
  ASSERT_EQ(rounds.rounds.size(), 1u);
  EXPECT_EQ(rounds.rounds[0].latency, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(rounds.rounds[0].requests, 4u);
  EXPECT_EQ(rounds.rounds[0].errors, 1u);
  EXPECT_DOUBLE_EQ(rounds.rounds[0].duration_s, 1.5);
  EXPECT_NE(note.find("base's 2 rounds pooled"), std::string::npos) << note;
  EXPECT_EQ(single.rounds.size(), 1u);
  // Rounds on both sides (or one recording on both) stay as they are.
  compare::Source other = rounds;
  other.rounds = {{{1}, 1, 0, 1}, {{2}, 1, 0, 1}};
  compare::Source again = other;
  EXPECT_FALSE(compare::pool_mismatched_rounds(other, again, note));
  EXPECT_EQ(other.rounds.size(), 2u);
}
