// The line formats parsed in parts (jsonl, latbench, nginx, apache, csv, YAML) give exactly what
// one parse of the whole log gives. Each log is generated with what carries state across lines
// near every cut: damaged lines in the last third (so the first skipped line numbers come from
// later parts), fields or stages seen only late (column order), CRLF, a truncated last line; plus
// per format: a CSV header and the first data row that chooses the columns, the template an
// nginx log forced without sniffing picks at its first fitting line, YAML blocks straddling cuts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "common/generated_logs.hpp"
#include "common/parts_compare.hpp"
#include "logs/parse_parts.hpp"
#include "logs/read_log.hpp"
#include "logs/yaml_format.hpp"

using namespace latbench;
using namespace latbench::logs;
using namespace latbench::test;

using latbench::test::yaml_format;

namespace {


}  // namespace

TEST(LogsParsePartsFormats, JsonlPartsEqualOneParse) {
  const std::string text = jsonl_log(12000);
  expect_parts_equal_whole("jsonl", text);
  FormatOptions fields;
  fields.fields = {"total_ms", "server.infer_ms:ms", "late_s"};
  expect_parts_equal_whole(*find_format("jsonl")->make(fields), text);
}

TEST(LogsParsePartsFormats, LatbenchSamplesPartsEqualOneParse) {
  std::mt19937_64 rng(12);
  std::string text;
  const int records = 8000;
  for (int i = 0; i < records; ++i) {
    const double position = static_cast<double>(i) / records;
    text += damaged_line(rng, position);
    text += "{\"seq\":" + std::to_string(i) + ",\"start_ms\":" + std::to_string(1000 + i * 10) + ".5";
    if (i < 5) text += ",\"warmup\":true";
    text += ",\"total_ms\":" + std::to_string(30 + rng() % 50) + ".125,\"connect_ms\":" + std::to_string(rng() % 3);
    // A phase and a server stage that only late requests have: the columns' order must not change.
    if (position > 0.7 && rng() % 3 == 0) text += ",\"dns_ms\":0.5,\"server\":{\"late\":3}";
    if (rng() % 15 == 0) text += ",\"error\":\"timeout\"";
    text += ",\"status\":" + std::string(rng() % 25 ? "200" : "500") + ",\"conn\":\"" + (rng() % 2 ? "new" : "reused") +
            "\",\"server\":{\"infer\":" + std::to_string(rng() % 30) + "},\"bytes_up\":40000}\n";
  }
  expect_parts_equal_whole("latbench", text);
}

TEST(LogsParsePartsFormats, NginxSniffedPartsEqualOneParse) {
  const std::string text = nginx_log(8000, false);
  auto format = find_format("nginx")->make({});
  ASSERT_GT(format->sniff(head_lines(text, 200)), 0);
  expect_parts_equal_whole(*format, text);
}

TEST(LogsParsePartsFormats, NginxForcedPartsTakeTheTemplateTheWholeParsePicked) {
  expect_parts_equal_whole("nginx", nginx_log(8000, true));
  FormatOptions options;
  options.log_format = R"($msec "$request" $status $request_time)";
  std::mt19937_64 rng(14);
  std::string text = "garbage first\n";
  for (int i = 0; i < 6000; ++i) {
    text += damaged_line(rng, i / 6000.0);
    text += std::to_string(1795333200 + i) + "." + std::to_string(100 + rng() % 900) + " \"GET /x HTTP/1.1\" " +
            (rng() % 9 ? "200" : "404") + " 0." + std::to_string(rng() % 1000) + "\n";
  }
  expect_parts_equal_whole(*find_format("nginx")->make(options), text);
}

TEST(LogsParsePartsFormats, ApachePartsEqualOneParse) {
  std::mt19937_64 rng(15);
  std::string text;
  for (int i = 0; i < 8000; ++i) {
    text += damaged_line(rng, i / 8000.0);
    text += "192.168.1." + std::to_string(rng() % 50) + " - - [22/Nov/2026:07:40:00 +0000] \"" + (rng() % 3 ? "POST" : "GET") +
            " /infer HTTP/1.1\" " + (rng() % 30 ? "200" : "500") + " " + std::to_string(rng() % 2000) + " " +
            std::to_string(10000 + rng() % 900000) + "\n";
  }
  expect_parts_equal_whole("apache", text);
}

TEST(LogsParsePartsFormats, CsvPartsTakeTheHeaderAndTheChosenColumns) {
  const std::string text = csv_log(12000);
  expect_parts_equal_whole("csv", text);
  FormatOptions fields;
  fields.fields = {"queue_ms", "server_s"};
  expect_parts_equal_whole(*find_format("csv")->make(fields), text);
}

// The parts learn the header and the first data row from the log's first MiB: without them there
// the log is not cut (rather than cut wrong).
TEST(LogsParsePartsFormats, CsvWithoutADataRowInItsHeadIsNotCut) {
  std::string text = "a,b,c\n" + std::string(2 << 20, '\n') + "1,2,3\n";
  for (int i = 0; i < 1000; ++i) text += "4,5,6\n";
  const auto csv = find_format("csv")->make({});
  const auto read = [&](std::uint64_t at, std::size_t n) { return std::string_view(text).substr(static_cast<std::size_t>(at), n); };
  EXPECT_TRUE(plan_parts(*csv, text.size(), 4, read).formats.empty());
  // Parsed as one part, then: still the one-parse result.
  test::expect_same_log(test::parse_whole(*csv, text, false), parse_text_in_parts(*csv, text, 4, {}), "csv uncut");
}

TEST(LogsParsePartsFormats, YamlLineFormatPartsEqualOneParse) {
  std::mt19937_64 rng(17);
  std::string text;
  const char* stages[] = {"resize", "infer", "encode", "late"};
  for (int i = 0; i < 10000; ++i) {
    const double position = i / 10000.0;
    text += damaged_line(rng, position);
    const char* stage = stages[position > 0.8 ? rng() % 4 : rng() % 3];
    std::string took = std::to_string(rng() % 50) + "." + std::to_string(rng() % 10);
    if (rng() % 40 == 0) took = "x1";     // not a number
    if (rng() % 40 == 0) took = "1e999";  // out of range
    const std::string time = rng() % 50 ? "2026-11-22 07:40:0" + std::to_string(rng() % 10) + ".123" : "2026-13-99 07:40:00.1";
    text += time + " INFO [" + stage + "] req=r" + std::to_string(i / 3);
    if (rng() % 20) text += " took=" + took + "ms";  // else: an id, and no value
    text += "\n";
  }
  expect_parts_equal_whole(*yaml_format(k_pipeline_yaml), text);
}

TEST(LogsParsePartsFormats, YamlBlockFormatPartsStartAtABlockAndEqualOneParse) {
  expect_parts_equal_whole(*yaml_format(k_block_yaml), test::camera_block_log(6000));
}

// Parts of a block format can only start at a start line: a window without one gives no cut.
TEST(LogsParsePartsFormats, YamlBlockFormatWithoutStartLinesIsNotCut) {
  const auto format = yaml_format(k_block_yaml);
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "capture: 5 ms\n";
  EXPECT_TRUE(plan_parts(*format, text.size(), 4, [&](std::uint64_t at, std::size_t n) {
                return std::string_view(text).substr(static_cast<std::size_t>(at), n);
              }).formats.empty());
}

// A line format makes one record per line: a line with an id and no value leaves nothing behind
// for the next record (it used to lend it its id and timestamp, which also made every line's
// record depend on the lines before it).
TEST(LogsParsePartsFormats, YamlLineWithoutValueLendsNothingToTheNext) {
  const std::string text =
      "2026-11-22 07:40:00.100 INFO [resize] req=a\n"
      "2026-11-22 07:40:00.250 INFO [infer] req=b took=4.5ms\n";
  LineReader reader(bytes_from_memory(text));
  LogData out;
  yaml_format(k_pipeline_yaml)->parse(reader, out);
  ASSERT_EQ(out.table.rows(), 1u);
  EXPECT_EQ(out.table.id(0), "b");
  EXPECT_DOUBLE_EQ(out.table.timestamp(0), 1795333200250.0);  // date -u -d '2026-11-22 07:40:00' +%s = 1795333200
  EXPECT_DOUBLE_EQ(out.table.at(0, 0), 4.5);
}

// read_log takes the parts path for a big file in a YAML format too (a fresh format object per
// part from the one YAML file); the expected result is one sequential parse of the same bytes.
TEST(LogsParsePartsFormats, BigFileInAYamlFormatReadInPartsEqualsOneParse) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto tag = std::to_string(::getpid());
  const auto format_path = dir / ("latbench_parts_" + tag + ".format.yaml");
  const auto log_path = dir / ("latbench_parts_" + tag + ".log");
  std::ofstream(format_path) << k_block_yaml;
  std::string text;
  for (int i = 0; text.size() < k_parts_min_bytes + (1 << 20); ++i)
    text += "=== upload " + std::to_string(i) + " ===\ncapture: " + std::to_string(i % 97) + ".25 ms\npost: 0.4 s\n" +
            (i % 50 ? "=== done ===\n" : "");
  std::ofstream(log_path, std::ios::binary) << text;
  ReadOptions options;
  options.format = format_path.string();
  auto read = read_log(log_path.string(), options);
  std::filesystem::remove(log_path);
  std::filesystem::remove(format_path);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->format, "camera_block");
  test::expect_same_log(test::parse_whole(*yaml_format(k_block_yaml), text, false), *read, "read_log of a big YAML-format file");
}
