// The line formats parsed in parts (jsonl, latbench, nginx, apache, csv, YAML) give exactly what
// one parse of the whole log gives. Each log is generated with what carries state across lines
// near every cut: damaged lines in the last third (so the first skipped line numbers come from
// later parts), fields or stages seen only late (column order), CRLF, a truncated last line; plus
// per format: a CSV header and the first data row that chooses the columns, the template an
// nginx log forced without sniffing picks at its first fitting line, YAML blocks straddling cuts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <unistd.h>

#include "common/parts_compare.hpp"
#include "logs/parse_parts.hpp"
#include "logs/read_log.hpp"
#include "logs/yaml_format.hpp"

using namespace latbench;
using namespace latbench::logs;
using test::expect_parts_equal_whole;

namespace {

// Damaged lines only in the last third: NUL, invalid UTF-8, or a line no format can use.
std::string damaged_line(std::mt19937_64& rng, double position) {
  if (position < 0.66 || rng() % 30 != 0) return {};
  switch (rng() % 3) {
    case 0: return std::string("junk\0junk\n", 10);
    case 1: return "bad \xC3\x28 utf8\n";
    default: return "this line fits no format at all\n";
  }
}

std::unique_ptr<Format> yaml(const std::string& text) { return parse_yaml_format(text, "test.yaml").take(); }

std::string jsonl_log(int records) {
  std::mt19937_64 rng(11);
  std::string text;
  for (int i = 0; i < records; ++i) {
    const double position = static_cast<double>(i) / records;
    text += damaged_line(rng, position);
    const char* eol = rng() % 6 == 0 ? "\r\n" : "\n";
    switch (rng() % 8) {
      case 0: text += std::string("{\"rid\":\"r") + std::to_string(i) + "\",\"stage\":\"decode\",\"ms\":" + std::to_string(rng() % 9) + ".25}" + eol; break;
      case 1: text += "{\"msg\":\"no numbers here\"}" + std::string(eol); break;
      case 2: text += std::string(eol); break;
      case 3: text += "{\"total_ms\": 12.5, \"broken\": " + std::string(eol); break;  // invalid JSON
      default:
        text += "{\"request_id\":" + std::to_string(i) + ",\"status\":" + (rng() % 20 ? "200" : "\"503\"") +
                ",\"total_ms\":" + std::to_string(20 + rng() % 80) + "." + std::to_string(rng() % 10) +
                ",\"server\":{\"infer_ms\":" + std::to_string(rng() % 40) + "}";
        if (position > 0.8 && rng() % 2) text += ",\"late_s\":0.0" + std::to_string(rng() % 10);
        text += "}" + std::string(eol);
    }
  }
  return text + "{\"total_ms\": 1";  // cut mid-line
}

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

namespace {

std::string nginx_log(int records, bool junk_first) {
  std::mt19937_64 rng(13);
  std::string text;
  // Forced without sniffing, the first line that fits a template picks it: lines before do not.
  if (junk_first) text += "nginx: starting\n\n127.0.0.1 - - broken line\n";
  for (int i = 0; i < records; ++i) {
    text += damaged_line(rng, static_cast<double>(i) / records);
    const std::string status = rng() % 20 ? "200" : "502";
    const std::string upstream = rng() % 10 == 0 ? "-" : (rng() % 8 == 0 ? "0.010, 0.0" + std::to_string(rng() % 90 + 10) : "0.0" + std::to_string(rng() % 90 + 10));
    text += "10.0.0." + std::to_string(rng() % 9) + " - - [22/Nov/2026:07:40:00 +0000] \"POST /upload?id=" + std::to_string(i) +
            " HTTP/1.1\" " + status + " 512 \"-\" \"esp32\" rt=0." + std::to_string(100 + rng() % 800) +
            " uct=\"0.001\" uht=\"0.020\" urt=\"" + upstream + "\"" + (rng() % 7 == 0 ? "\r\n" : "\n");
    if (rng() % 50 == 0) text += "10.0.0.1 - - [22/Nov/2026:07:40:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl\" rt=1e999 uct=\"-\" uht=\"-\" urt=\"-\"\n";
  }
  return text + "10.0.0.1 - - [22/Nov/2026:07:40:00 +0000] \"GET /";
}

}  // namespace

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

namespace {

// A header after blank lines, semicolons, an id column; the first data row leaves "queue_ms"
// empty, so the whole parse does not choose it (later rows have it: parts must not choose it
// either); rows with a wrong number of cells, a quoted newline (one record over two lines, read
// as two bad lines in one parse and in parts alike), numbers out of range.
std::string csv_log(int records) {
  std::mt19937_64 rng(16);
  std::string text = "\n\nrequest_id; total_ms ;queue_ms;note;server_s\n";
  text += "r0;12.5;;\"first\";0.010\n";
  for (int i = 1; i < records; ++i) {
    text += damaged_line(rng, static_cast<double>(i) / records);
    switch (rng() % 12) {
      case 0: text += "r" + std::to_string(i) + ";1;2\n"; break;
      case 1: text += "r" + std::to_string(i) + ";5;1;\"two\nlines\";0.5\n"; break;
      case 2: text += "r" + std::to_string(i) + ";1e999;1;x;0.1\r\n"; break;
      case 3: text += ";;;;\n"; break;
      default:
        text += "r" + std::to_string(i) + ";" + std::to_string(10 + rng() % 90) + "." + std::to_string(rng() % 10) + ";" +
                std::to_string(rng() % 5) + ";\"a \"\"quoted\"\" note\";0.0" + std::to_string(rng() % 100) + "\n";
    }
  }
  return text + "r9;1";
}

}  // namespace

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
  test::expect_same_log(test::parse_whole(*csv, text, false), parse_text_in_parts(*csv, text, 4, false), "csv uncut");
}

namespace {

constexpr const char* k_pipeline_yaml = R"(
name: pipeline
line: '^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) INFO \[(?P<stage>\w+)\] req=(?P<rid>\w+)(?: took=(?P<took>[^ ]+)ms)?$'
fields: {took: ms}
request_id: rid
stage: stage
timestamp: {group: time, format: '%Y-%m-%d %H:%M:%S.%f'}
)";

constexpr const char* k_block_yaml = R"(
name: camera_block
block:
  start: '^=== upload (?P<id>\d+) ===$'
  end: '^=== done(?: at (?P<t>\d+))? ===$'
line:
  - '^capture: (?P<capture>[^ ]+) ms$'
  - '^post: (?P<post>[0-9.]+) s$'
fields: {capture: ms, post: s}
request_id: id
timestamp: {group: t, format: epoch_ms}
)";

}  // namespace

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
  expect_parts_equal_whole(*yaml(k_pipeline_yaml), text);
}

TEST(LogsParsePartsFormats, YamlBlockFormatPartsStartAtABlockAndEqualOneParse) {
  std::mt19937_64 rng(18);
  std::string text = "capture: 1 ms\n";  // a value before any block: ignored
  for (int i = 0; i < 6000; ++i) {
    const double position = i / 6000.0;
    text += damaged_line(rng, position);
    text += "=== upload " + std::to_string(i) + " ===\n";
    text += "capture: " + std::to_string(rng() % 60) + (rng() % 30 ? ".5" : ".5x") + " ms\n";
    if (rng() % 10 == 0) continue;  // the script crashed: the block never ends
    if (rng() % 3) text += "post: 0." + std::to_string(rng() % 1000) + " s\n";
    text += rng() % 2 ? "=== done ===\n" : "=== done at " + std::to_string(1795333200000 + i) + " ===\n";
    if (rng() % 8 == 0) text += "post: 9 s\n";  // after the block: ignored
  }
  text += "=== upload 99999 ===\ncapture: 5 ms\n";  // open at the end
  expect_parts_equal_whole(*yaml(k_block_yaml), text);
}

// Parts of a block format can only start at a start line: a window without one gives no cut.
TEST(LogsParsePartsFormats, YamlBlockFormatWithoutStartLinesIsNotCut) {
  const auto format = yaml(k_block_yaml);
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
  yaml(k_pipeline_yaml)->parse(reader, out);
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
  test::expect_same_log(test::parse_whole(*yaml(k_block_yaml), text, false), *read, "read_log of a big YAML-format file");
}
