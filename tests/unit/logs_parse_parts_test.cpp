// Parsing a log in parts (one thread each) must give exactly what one parse of the whole log
// gives. The expected result is the sequential parse of the same text, compared field by field;
// the logs are generated with everything that carries state across lines near every cut: errors
// printed before a block, blocks cut short, resets, heap lines, damaged lines (for skipped line
// numbers), CRLF, stages that appear only late, a truncated last line.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <unistd.h>

#include "common/generated_logs.hpp"
#include "common/parts_compare.hpp"
#include "logs/parse_parts.hpp"
#include "logs/read_log.hpp"

using namespace latbench;
using namespace latbench::logs;

namespace {

LogData parse_named_format(const char* format, std::string_view text, bool streaming) {
  return test::parse_whole(*find_format(format)->make({}), text, streaming);
}

using test::expect_parts_equal_whole;
using test::expect_same_log;
using test::damaged_line;
using test::esp32_log;

}  // namespace

TEST(LogsParseParts, Esp32PartsEqualOneParse) { expect_parts_equal_whole("esp32", esp32_log(3000)); }

// read_log on a regular file above k_parts_min_bytes takes the parts path (pread ranges, one
// thread per core); the expected result is one sequential parse of the same bytes.
TEST(LogsParseParts, BigFileReadInPartsEqualsOneParse) {
  const std::string text = esp32_log(static_cast<int>(k_parts_min_bytes / 240) + 1000);
  ASSERT_GT(text.size(), k_parts_min_bytes);
  const auto path = std::filesystem::temp_directory_path() / ("latbench_parts_" + std::to_string(::getpid()) + ".log");
  std::ofstream(path, std::ios::binary) << text;
  auto read = read_log(path.string(), ReadOptions{});
  std::filesystem::remove(path);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->format, "esp32");
  expect_same_log(parse_named_format("esp32", text, false), *read, "read_log of a big file");
}

TEST(LogsParseParts, UltralyticsPartsEqualOneParse) {
  std::mt19937_64 rng(7);
  std::string text;
  const int records = 6000;
  for (int i = 0; i < records; ++i) {
    const double position = static_cast<double>(i) / records;
    text += damaged_line(rng, position);
    text += "\n0: 480x640 2 persons, 37.5ms\n";
    const std::string shape = rng() % 5 ? "(1, 3, 480, 640)" : "(1, 3, 640, 640)";
    text += "Speed: " + std::to_string(rng() % 30) + "." + std::to_string(rng() % 10) + "ms preprocess, " +
            std::to_string(30 + rng() % 40) + ".2ms inference, 0.4ms postprocess";
    if (position > 0.7 && rng() % 3 == 0) text += ", 0.1ms loss";  // a stage seen only late
    text += " per image at shape " + shape + "\n";
    if (rng() % 4 == 0) text += "INFO:     127.0.0.1:5000 - \"GET /livereload HTTP/1.1\" 404 Not Found\n";
    if (rng() % 4 == 0) text += "INFO:     192.168.1.5:5000 - \"POST /upload?x=1 HTTP/1.1\" 200 OK\n";
  }
  text += "Speed: 1.2ms preprocess, 37.5ms infer";  // cut mid-line
  expect_parts_equal_whole("ultralytics", text);
}

TEST(LogsParseParts, UvicornPartsEqualOneParse) {
  std::mt19937_64 rng(9);
  std::string text;
  const int records = 20000;
  for (int i = 0; i < records; ++i) {
    text += damaged_line(rng, static_cast<double>(i) / records);
    switch (rng() % 6) {
      case 0: text += "INFO:     127.0.0.1:5000 - \"GET /livereload HTTP/1.1\" 404 Not Found\n"; break;
      case 1: text += "\x1b[32mINFO\x1b[0m:     10.0.0.2:4000 - \"GET /favicon.ico HTTP/1.1\" 200 OK\n"; break;
      case 2: text += "INFO:     Application startup complete.\n"; break;
      default: text += "INFO:     192.168.1." + std::to_string(rng() % 250) + ":5000 - \"POST /upload HTTP/1.1\" " +
                       (rng() % 50 ? "200 OK" : "500 Internal Server Error") + "\n";
    }
  }
  expect_parts_equal_whole("uvicorn", text);
}

// A part must start at a line: with no newline after a cut there is none, and no cut.
TEST(LogsParseParts, TextWithoutLineStartsIsNotCut) {
  const std::string text(200000, 'x');
  const auto jsonl = find_format("jsonl")->make({});
  EXPECT_TRUE(part_cuts(*jsonl, text.size(), 4, [&](std::uint64_t at, std::size_t n) {
                return std::string_view(text).substr(static_cast<std::size_t>(at), n);
              }).empty());
}
