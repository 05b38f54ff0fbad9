#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "logs/line_source.hpp"

using namespace latbench;
using namespace latbench::logs;

namespace {

struct Collected {
  std::vector<std::string> lines;
  std::vector<std::uint64_t> numbers;
  std::vector<bool> unterminated;
  SkipCounts skipped;
};

Collected collect(std::unique_ptr<ByteSource> source, std::size_t max_line = LineReader::k_default_max_line) {
  Collected c;
  LineReader reader(std::move(source), max_line);
  reader.for_each([&](const Line& l) {
    c.lines.emplace_back(l.text);
    c.numbers.push_back(l.number);
    c.unterminated.push_back(l.unterminated);
  }, c.skipped);
  return c;
}

Collected collect_text(const std::string& text, std::size_t chunk = 0, std::size_t max_line = LineReader::k_default_max_line) {
  return collect(bytes_from_memory(text, chunk), max_line);
}

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("latbench_ls_" + std::to_string(::getpid()) + "_" + name);
}

}  // namespace

TEST(LogsLineSource, SplitsLinesAndStripsCarriageReturns) {
  auto c = collect_text("a\r\nbb\n\nccc\r\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"a", "bb", "", "ccc"}));
  EXPECT_EQ(c.numbers, (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(c.skipped.lines, 0u);
}

TEST(LogsLineSource, FlagsUnterminatedLastLine) {
  auto c = collect_text("one\ntwo");
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_FALSE(c.unterminated[0]);
  EXPECT_TRUE(c.unterminated[1]);
  EXPECT_EQ(c.lines[1], "two");
}

TEST(LogsLineSource, SkipsNulAndInvalidUtf8WithLineNumbers) {
  std::string text = "ok\n";
  text += std::string("bad\0nul", 7) + "\n";
  text += "caf\xc3\xa9 fine\n";        // valid 2-byte UTF-8
  text += "\xff\xfe junk\n";            // invalid
  text += "\xed\xa0\x80 surrogate\n";   // UTF-16 surrogate encoded: invalid UTF-8
  text += "\xc0\xaf overlong\n";        // overlong '/'
  text += "last\n";
  auto c = collect_text(text);
  EXPECT_EQ(c.lines, (std::vector<std::string>{"ok", "caf\xc3\xa9 fine", "last"}));
  EXPECT_EQ(c.skipped.lines, 4u);
  EXPECT_EQ(c.skipped.reasons[k_skip_nul], 1u);
  EXPECT_EQ(c.skipped.reasons[k_skip_utf8], 3u);
  EXPECT_EQ(c.skipped.first_lines, (std::vector<std::uint64_t>{2, 4, 5, 6}));
}

TEST(LogsLineSource, BadBytesAnywhereInLongTextAreFoundAndOnlyTheirLinesSkipped) {
  // Lines of every length around the 64-byte blocks the reader scans, a bad byte (NUL or 0xff)
  // at the start, middle or end of every 7th line: exactly those lines are skipped, whatever
  // the chunking, and every other line comes through unchanged.
  std::string text;
  std::vector<std::string> good;
  std::vector<std::uint64_t> bad_numbers;
  for (std::size_t i = 0; i < 600; ++i) {
    std::string line(i % 150, static_cast<char>('a' + i % 26));
    if (i % 7 == 3) {
      const char bad = i % 2 ? '\xff' : '\0';
      const std::size_t at = line.empty() ? 0 : (i / 7) % 3 == 0 ? 0 : (i / 7) % 3 == 1 ? line.size() / 2 : line.size() - 1;
      if (line.empty()) line.push_back(bad); else line[at] = bad;
      bad_numbers.push_back(i + 1);
    } else {
      good.push_back(line);
    }
    text += line + "\n";
  }
  for (std::size_t chunk : {std::size_t{0}, std::size_t{63}, std::size_t{100}, std::size_t{4096}}) {
    auto c = collect_text(text, chunk);
    EXPECT_EQ(c.lines, good) << "chunk " << chunk;
    EXPECT_EQ(c.skipped.lines, bad_numbers.size()) << "chunk " << chunk;
    EXPECT_EQ(c.skipped.first_lines, std::vector<std::uint64_t>(bad_numbers.begin(), bad_numbers.begin() + 5)) << "chunk " << chunk;
  }
}

TEST(LogsLineSource, SkipsOverlongLinesEvenAcrossChunks) {
  std::string big(3000, 'x');
  std::string text = "a\n" + big + "\nb\n" + big;  // the second long line is also unterminated
  for (std::size_t chunk : {std::size_t{0}, std::size_t{7}, std::size_t{1000}}) {
    auto c = collect_text(text, chunk, 1024);
    EXPECT_EQ(c.lines, (std::vector<std::string>{"a", "b"})) << "chunk " << chunk;
    EXPECT_EQ(c.skipped.reasons[k_skip_long], 2u) << "chunk " << chunk;
    EXPECT_EQ(c.skipped.first_lines, (std::vector<std::uint64_t>{2, 4})) << "chunk " << chunk;
  }
}

TEST(LogsLineSource, MegabyteLineWithinLimitIsKept) {
  std::string big(2u << 20, 'y');
  auto c = collect_text("x\n" + big + "\nz\n", 1 << 16, 4u << 20);
  ASSERT_EQ(c.lines.size(), 3u);
  EXPECT_EQ(c.lines[1].size(), big.size());
}

TEST(LogsLineSource, LinesSplitAcrossChunksAreReassembled) {
  const std::string text = "alpha\r\nbeta\ngamma delta\nepsilon";
  for (std::size_t chunk = 1; chunk < 12; ++chunk) {
    auto c = collect_text(text, chunk);
    EXPECT_EQ(c.lines, (std::vector<std::string>{"alpha", "beta", "gamma delta", "epsilon"})) << chunk;
    EXPECT_TRUE(c.unterminated.back());
  }
}

TEST(LogsLineSource, ReadsMappedFileAndGzipAlike) {
  const std::string text = "first\nsecond\r\nthird\n";
  auto plain = temp_file("plain.log");
  std::ofstream(plain, std::ios::binary) << text;
  auto gz = temp_file("log.gz");
  gzFile f = gzopen(gz.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  for (const auto& path : {plain, gz}) {
    auto src = open_bytes(path.string());
    ASSERT_TRUE(src.ok()) << path;
    auto c = collect(std::move(src).take());
    EXPECT_EQ(c.lines, (std::vector<std::string>{"first", "second", "third"})) << path;
  }
  std::filesystem::remove(plain);
  std::filesystem::remove(gz);
}

TEST(LogsLineSource, CorruptGzipIsAnInputErrorNamingTheFile) {
  auto gz = temp_file("corrupt.gz");
  std::string bytes = "\x1f\x8b\x08\x00garbage-not-deflate";
  std::ofstream(gz, std::ios::binary) << bytes;
  auto src = open_bytes(gz.string());
  ASSERT_TRUE(src.ok());
  SkipCounts skipped;
  LineReader reader(std::move(src).take());
  try {
    reader.for_each([](const Line&) {}, skipped);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(gz.string()), std::string::npos) << e.what();
  }
  std::filesystem::remove(gz);
}

TEST(LogsLineSource, MissingFileAndDirectoryAreErrors) {
  auto missing = open_bytes("/nonexistent/latbench.log");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.error().what()).find("/nonexistent/latbench.log"), std::string::npos);
  auto dir = open_bytes(std::filesystem::temp_directory_path().string());
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(std::string(dir.error().what()).find("directory"), std::string::npos);
}

TEST(LogsLineSource, PeekDoesNotConsume) {
  auto peek = std::make_unique<PeekSource>(bytes_from_memory("a\nb\n", 2));
  EXPECT_EQ(peek->peek(), "a\n");
  auto c = collect(std::move(peek));
  EXPECT_EQ(c.lines, (std::vector<std::string>{"a", "b"}));
}
