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

#include "common/parts_compare.hpp"
#include "logs/parse_parts.hpp"
#include "logs/read_log.hpp"

using namespace latbench;
using namespace latbench::logs;

namespace {

LogData parse_whole(const char* format, std::string_view text, bool streaming) {
  return test::parse_whole(*find_format(format)->make({}), text, streaming);
}

using test::expect_parts_equal_whole;
using test::expect_same_log;

// Damaged lines only in the last third: the first skipped line numbers then come from later parts.
std::string damaged_line(std::mt19937_64& rng, double position) {
  if (position < 0.66 || rng() % 40 != 0) return {};
  switch (rng() % 3) {
    case 0: return std::string("junk\0junk\n", 10);
    case 1: return "bad \xC3\x28 utf8\n";
    default: return "Free Heap: 1e999 bytes\n";
  }
}

}  // namespace

std::string esp32_log(int blocks) {
  std::mt19937_64 rng(42);
  std::string text;
  for (int i = 0; i < blocks; ++i) {
    const double position = static_cast<double>(i) / blocks;
    const std::string prefix = rng() % 2 ? "20:04:00.583 > " : "";
    const char* eol = rng() % 5 == 0 ? "\r\n" : "\n";
    text += damaged_line(rng, position);
    if (rng() % 3 == 0) text += prefix + "[HTTP] POST... failed, error: read Timeout" + eol;  // before the block
    if (rng() % 10 == 0) text += "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n";
    text += prefix + "---- Network Message Timings ----" + eol;
    text += prefix + "Payload Created At: " + std::to_string(311561 + i * 1700) + " ms" + eol;
    text += prefix + "Network Send Time After Payload Creation: " + std::to_string(rng() % 4) + " ms" + eol;
    if (rng() % 8 == 0) text += prefix + "[HTTP] Error: connection refused" + eol;  // inside the block
    text += prefix + "Network Receive Time - After Send: " + std::to_string(1000 + rng() % 900) + " ms" + eol;
    if (position > 0.8 && rng() % 2) text += prefix + "Late Stage Time: " + std::to_string(rng() % 50) + ".5 ms" + eol;
    if (rng() % 12 == 0) continue;  // cut short: the next block or reset abandons it
    text += prefix + "Total Time from Payload Creation to Command End: " + std::to_string(1100 + rng() % 900) + " ms" + eol;
    if (rng() % 2) text += prefix + "Free Heap: " + std::to_string(185312 - i) + " bytes" + eol;
  }
  text += "[HTTP] Error: connection refused\n---- Network Message Timings ----\nTotal Time from Payload Creation to";
  return text;
}

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
  expect_same_log(parse_whole("esp32", text, false), *read, "read_log of a big file");
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
