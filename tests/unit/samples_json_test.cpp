#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/test_paths.hpp"
#include "samples/json.hpp"

using namespace latbench::samples;

namespace {

Sample full_sample() {
  Sample s;
  s.seq = 7;
  s.device = 3;
  s.conn = ConnUse::reused;
  s.warmup = true;
  s.intended_start_ms = 100.0;
  s.start_ms = 100.25;
  s.dns_ms = 0.01;
  s.connect_ms = 0.05;
  s.upload_ms = 0.3;
  s.ttfb_ms = 43.1;
  s.total_ms = 43.3;
  s.bytes_up = 41234;
  s.bytes_down = 52;
  s.status = 200;
  s.server = {{"recv", 0.1}, {"queue", 0}, {"infer", 40}, {"total", 42.5}};
  s.network_overhead_ms = 43.3 - 42.5;
  s.latency_from_intended_ms = 43.55;
  return s;
}

}  // namespace

TEST(SamplesJson, RoundTripKeepsEveryField) {
  Sample s = full_sample();
  Sample back = sample_from_json(sample_to_json(s)).take();
  EXPECT_EQ(back.seq, 7u);
  EXPECT_EQ(back.device, 3u);
  EXPECT_EQ(back.conn, ConnUse::reused);
  EXPECT_TRUE(back.warmup);
  EXPECT_DOUBLE_EQ(back.intended_start_ms, 100.0);
  EXPECT_DOUBLE_EQ(back.start_ms, 100.25);
  EXPECT_EQ(back.dns_ms, s.dns_ms);
  EXPECT_EQ(back.connect_ms, s.connect_ms);
  EXPECT_EQ(back.upload_ms, s.upload_ms);
  EXPECT_EQ(back.ttfb_ms, s.ttfb_ms);
  EXPECT_DOUBLE_EQ(back.total_ms, 43.3);  // shortest round-trip formatting: exact
  EXPECT_EQ(back.bytes_up, 41234u);
  EXPECT_EQ(back.bytes_down, 52u);
  EXPECT_EQ(back.status, 200);
  EXPECT_EQ(back.error, ErrorClass::none);
  EXPECT_EQ(back.server, s.server);  // order kept
  EXPECT_EQ(back.network_overhead_ms, s.network_overhead_ms);
  EXPECT_EQ(back.latency_from_intended_ms, s.latency_from_intended_ms);
}

TEST(SamplesJson, LineIsValidJsonWithTheContractKeys) {
  auto j = nlohmann::json::parse(sample_to_json(full_sample()));
  for (const char* key : {"seq", "device", "conn", "warmup", "intended_start_ms", "start_ms",
                          "dns_ms", "connect_ms", "upload_ms", "ttfb_ms", "total_ms", "bytes_up",
                          "bytes_down", "status", "error", "server", "network_overhead_ms",
                          "latency_from_intended_ms"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(j["conn"], "reused");
  EXPECT_DOUBLE_EQ(j["server"]["infer"].get<double>(), 40.0);
}

TEST(SamplesJson, UnknownPhasesAreAbsentAndErrorsNamed) {
  Sample s;
  s.total_ms = 5000;
  s.error = ErrorClass::timeout;
  auto j = nlohmann::json::parse(sample_to_json(s));
  EXPECT_FALSE(j.contains("ttfb_ms"));
  EXPECT_FALSE(j.contains("server"));
  EXPECT_EQ(j["error"], "timeout");
  EXPECT_EQ(j["conn"], "new");
  EXPECT_EQ(sample_from_json(sample_to_json(s))->error, ErrorClass::timeout);
}

TEST(SamplesJson, HostileStageNamesAreEscaped) {
  Sample s;
  s.server = {{"a\"b\\c", 1.0}};
  auto back = sample_from_json(sample_to_json(s)).take();
  ASSERT_EQ(back.server.size(), 1u);
  EXPECT_EQ(back.server[0].name, "a\"b\\c");
}

TEST(SamplesJson, ErrorsNameTheKey) {
  auto missing = sample_from_json(R"({"seq":1})");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.error().what()).find("total_ms"), std::string::npos);
  auto wrong = sample_from_json(R"({"total_ms":1,"error":"kaboom"})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(std::string(wrong.error().what()).find("error"), std::string::npos);
  EXPECT_FALSE(sample_from_json(R"({"total_ms":1,"seq":-1})").ok());
  EXPECT_FALSE(sample_from_json("{\"total_ms\":1").ok());
  EXPECT_FALSE(sample_from_json("[1,2]").ok());
}

TEST(SamplesJson, ErrorClassNamesRoundTrip) {
  for (ErrorClass e : all_error_classes()) {
    EXPECT_EQ(parse_error_class(error_class_name(e)), e);
  }
  EXPECT_FALSE(parse_error_class("nope").has_value());
}

// The one parser of a samples line (simdjson) reads every case as the nlohmann-based reader it
// replaced did: same lines refused with the same message, same values (fixtures/samples/README.md).
TEST(SamplesJson, ParserReadsEveryCaseAsTheNlohmannReaderDid) {
  std::ifstream cases(latbench::test::fixtures_dir() + "/samples/parse_cases.jsonl", std::ios::binary);
  std::ifstream expected(latbench::test::fixtures_dir() + "/samples/parse_cases.expected", std::ios::binary);
  ASSERT_TRUE(cases && expected);
  SampleParser parser;  // one parser for every line, as the file reader uses it
  std::string line, want;
  int n = 0;
  while (std::getline(cases, line)) {
    ++n;
    ASSERT_TRUE(std::getline(expected, want)) << "no expectation for case " << n;
    auto got = parser.parse(line);
    EXPECT_EQ(got ? "ok " + sample_to_json(*got) : "error " + std::string(got.error().what()), want)
        << "case " << n << ": " << line.substr(0, 120);
    // A parser of its own gives the same: nothing of one line leaks into the next.
    auto fresh = sample_from_json(line);
    EXPECT_EQ(fresh.ok(), got.ok()) << "case " << n;
  }
  EXPECT_GE(n, 50);
  EXPECT_FALSE(std::getline(expected, want)) << "more expectations than cases";
}

TEST(SamplesJson, AWebSocketFrameWritesItsFieldsAfterTheUploadsAndReadsBack) {
  Sample s;
  s.seq = 7;
  s.total_ms = 12.5;
  s.status = 101;
  s.error = ErrorClass::none;
  s.ws = WsFrameFields{7, 2, 1, 0.75, 30.5, std::nullopt};
  const std::string line = sample_to_json(s);
  EXPECT_EQ(line.substr(line.find(",\"transport\"")),
            R"(,"transport":"ws","direction":"up","frame_id":7,"session":2,"pending":1,"upgrade_ms":0.75,"first_answer_ms":30.5})");
  auto back = sample_from_json(line);
  ASSERT_TRUE(back.ok()) << back.error().what();
  ASSERT_TRUE(back->ws);
  EXPECT_EQ(*back->ws, *s.ws);
  // An upload's line has none of them.
  s.ws.reset();
  EXPECT_EQ(sample_to_json(s).find("transport"), std::string::npos);
  EXPECT_FALSE(sample_from_json(sample_to_json(s))->ws);
}

TEST(SamplesJson, WebSocketFieldsOfTheWrongTypeAreRefused) {
  EXPECT_EQ(std::string(sample_from_json(R"({"total_ms":1,"transport":"udp"})").error().what()),
            R"(key "transport": expected "http" or "ws")");
  EXPECT_EQ(std::string(sample_from_json(R"({"total_ms":1,"transport":"ws","frame_id":-1})").error().what()),
            R"(key "frame_id": expected a non-negative integer)");
  EXPECT_EQ(std::string(sample_from_json(R"({"total_ms":1,"transport":"ws","direction":"sideways"})").error().what()),
            R"(key "direction": expected "up" or "down")");
  // A pushed frame's line needs its arrival.
  EXPECT_EQ(std::string(sample_from_json(R"({"total_ms":1,"transport":"ws","direction":"down"})").error().what()),
            R"(key "arrival_ms": expected a number (missing))");
  EXPECT_EQ(std::string(sample_from_json(R"({"total_ms":1,"transport":"ws","direction":"down","arrival_ms":3,)"
                                         R"("missing_frames":1.5})").error().what()),
            R"(key "missing_frames": expected a non-negative integer)");
  EXPECT_TRUE(sample_from_json(R"({"total_ms":1,"transport":"http"})").ok());
  for (const char* name : {"closed", "protocol", "unmatched"}) EXPECT_TRUE(parse_error_class(name)) << name;
}

TEST(SamplesJson, AFramePushedToAViewerRoundTripsWithItsDownFieldsLast) {
  Sample s;
  s.seq = 4;
  s.device = 1;
  s.conn = ConnUse::reused;
  s.start_ms = s.intended_start_ms = 120.5;
  s.total_ms = 3.25;
  s.bytes_down = 2020;
  s.status = 101;
  WsFrameFields ws;
  ws.frame_id = 9;
  WsDownFields down;
  down.arrival_ms = 120.5;
  down.gap_ms = 10.25;
  down.frame_age_ms = 3.25;
  down.clock_offset_ms = -1.5;
  down.missing_frames = 2;
  ws.down = down;
  s.ws = ws;
  const std::string line = sample_to_json(s);
  EXPECT_EQ(line.substr(line.find(",\"transport\"")),
            R"(,"transport":"ws","direction":"down","frame_id":9,"session":0,"arrival_ms":120.5,"gap_ms":10.25,)"
            R"("frame_age_ms":3.25,"clock_offset_ms":-1.5,"missing_frames":2})");
  auto back = sample_from_json(line);
  ASSERT_TRUE(back.ok()) << back.error().what();
  ASSERT_TRUE(back->ws && back->ws->down);
  EXPECT_EQ(*back->ws, ws);
  EXPECT_EQ(back->total_ms, 3.25);
}
