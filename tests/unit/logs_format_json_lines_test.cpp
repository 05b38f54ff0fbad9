// The JSON-lines formats (jsonl, latbench) on lines that pin down how they are read: columns in
// key order (nlohmann's, kept when the parser changed), the last of duplicate keys, ids of 64
// bits, numbers beyond double and wrong types. Expected values worked out by hand.
#include <gtest/gtest.h>

#include "common/series_named.hpp"
#include "logs/format.hpp"
#include "logs/read_log.hpp"

using namespace latbench;
using namespace latbench::logs;

using latbench::test::series_named;

namespace {

LogData parse(const std::string& format, const std::string& text, const std::vector<std::string>& fields = {}) {
  FormatOptions options;
  options.fields = fields;
  LineReader reader(bytes_from_memory(text));
  LogData log;
  find_format(format)->make(options)->parse(reader, log);
  return log;
}

std::vector<std::string> column_names(const LogData& log) {
  std::vector<std::string> names;
  for (const auto& c : log.table.columns()) names.push_back(c.name + "/" + c.unit);
  return names;
}

TEST(LogsFormatJsonLines, AutoColumnsInKeyOrderWithUnitsFromTheirNames) {
  const LogData log = parse("jsonl",
                            "{\"total_ms\":5,\"b_s\":0.5,\"a_us\":1500,\"rid\":\"x\",\"status\":200}\n"
                            "{\"total_ms\":7,\"total_ms\":8,\"request_id\":18446744073709551615,\"rid\":\"y\",\"status\":\"ok\"}\n"
                            "{\"total_ms\":1e309}\n"
                            "{\"total_ms\":\"12\"}\n"
                            "{\"total_ms\":-0}\n");
  EXPECT_EQ(column_names(log), (std::vector<std::string>{"a_us/ms", "b_s/ms", "total_ms/ms"}));
  const auto all = log_series(log);
  EXPECT_EQ(series_named(all, "a_us").values, (std::vector<double>{1.5}));      // 1500 us
  EXPECT_EQ(series_named(all, "b_s").values, (std::vector<double>{500}));       // 0.5 s
  EXPECT_EQ(series_named(all, "total_ms").values, (std::vector<double>{5, 8, 0}));  // the last total_ms
  EXPECT_EQ(log.table.id(0), "x");
  EXPECT_EQ(log.table.id(1), "18446744073709551615");  // request_id sorts before rid
  EXPECT_EQ(log.counts.at("status"), (std::map<std::string, std::uint64_t>{{"200", 1}, {"ok", 1}}));
  EXPECT_EQ(log.lines, 5u);
  EXPECT_EQ(log.ignored, 1u);  // a string is no number
  EXPECT_EQ(log.skipped.reasons, (std::map<std::string, std::uint64_t>{{"invalid JSON", 1}}));
  EXPECT_EQ(log.skipped.first_lines, (std::vector<std::uint64_t>{3}));  // 1e309 is beyond double
}

TEST(LogsFormatJsonLines, StageNamesTheColumnsOfItsLine) {
  const LogData log = parse("jsonl",
                            "{\"request_id\":\"r1\",\"stage\":\"decode\",\"ms\":2.5}\n"
                            "{\"request_id\":\"r1\",\"stage\":\"infer\",\"queue_ms\":1,\"ms\":3}\n"
                            "{\"request_id\":\"r2\",\"stage\":7,\"ms\":4}\n");
  // A "stage" that is no string names nothing: it is one more number, with no unit.
  EXPECT_EQ(column_names(log),
            (std::vector<std::string>{"decode/ms", "infer_ms/ms", "infer_queue_ms/ms", "ms/ms", "stage/"}));
  const auto all = log_series(log);
  EXPECT_EQ(series_named(all, "infer_queue_ms").values, (std::vector<double>{1}));
  EXPECT_EQ(series_named(all, "ms").values, (std::vector<double>{4}));
  EXPECT_EQ(series_named(all, "stage").values, (std::vector<double>{7}));
}

TEST(LogsFormatJsonLines, FieldPathsFollowTheLastDuplicate) {
  const LogData log = parse("jsonl",
                            "{\"server\":{\"infer\":1},\"server\":{\"decode\":2},\"server.infer\":9}\n"
                            "{\"server\":{\"infer\":0.25,\"infer\":0.5}}\n",
                            {"server.infer:s"});
  const auto all = log_series(log);
  EXPECT_EQ(series_named(all, "server.infer").values, (std::vector<double>{500}));
  EXPECT_EQ(log.ignored, 1u);  // the first line's last "server" has no "infer"
}

TEST(LogsFormatJsonLines, LatbenchSamplesWithDuplicatesWrongTypesAndBigSeq) {
  const LogData log = parse("latbench",
                            "{\"seq\":1,\"total_ms\":10,\"server\":{\"infer\":3,\"decode\":2,\"infer\":4},\"warmup\":false,"
                            "\"status\":200,\"conn\":\"new\"}\n"
                            "{\"seq\":2,\"total_ms\":11,\"warmup\":\"no\"}\n"
                            "{\"seq\":3,\"total_ms\":12,\"warmup\":true}\n"
                            "{\"seq\":18446744073709551615,\"total_ms\":13,\"error\":\"timeout\",\"status\":0}\n"
                            "{\"seq\":5,\"total_ms\":1e309}\n");
  EXPECT_EQ(column_names(log), (std::vector<std::string>{"total/ms", "server_decode/ms", "server_infer/ms"}));
  const auto all = log_series(log);
  EXPECT_EQ(series_named(all, "total").values, (std::vector<double>{10, 13}));
  EXPECT_EQ(series_named(all, "server_infer").values, (std::vector<double>{4}));
  EXPECT_EQ(log.table.id(1), "18446744073709551615");
  EXPECT_TRUE(log.table.failed(1));
  EXPECT_EQ(log.counts.at("requests"), (std::map<std::string, std::uint64_t>{{"measured", 2}, {"warmup", 1}}));
  EXPECT_EQ(log.counts.at("status"), (std::map<std::string, std::uint64_t>{{"0", 1}, {"200", 1}}));
  EXPECT_EQ(log.counts.at("error"), (std::map<std::string, std::uint64_t>{{"timeout", 1}}));
  EXPECT_EQ(log.skipped.reasons,
            (std::map<std::string, std::uint64_t>{{"invalid JSON", 1}, {"warmup not true or false", 1}}));
  EXPECT_EQ(log.skipped.first_lines, (std::vector<std::uint64_t>{2, 5}));
}

}  // namespace
