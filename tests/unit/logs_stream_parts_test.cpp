// A log read from start to end (stdin, gzip) parsed in parts as it is read (stream_parts.hpp)
// gives exactly what one parse gives: for each kind of state a format carries (esp32's error
// before a block, a CSV header, a forced nginx template, YAML blocks), with small blocks so that
// there are many parts, and in the cases where the log cannot be cut (then the rest of the
// stream is one last part). Errors come as one parse meets them.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "common/generated_logs.hpp"
#include "common/parts_compare.hpp"
#include "logs/stream_parts.hpp"
#include "logs/yaml_format.hpp"

using namespace latbench;
using namespace latbench::logs;
using namespace latbench::test;

using latbench::test::yaml_format;

namespace {

// Chunks of 4 KiB as a pipe would give them; throws after `fail_at` bytes when set.
class TestStream final : public ByteSource {
 public:
  explicit TestStream(std::string_view text, std::size_t fail_at = std::string::npos) : m_text(text), m_fail_at(fail_at) {}
  std::string_view next_chunk() override {
    if (m_pos >= m_fail_at) throw std::runtime_error("read failed");
    const auto piece = m_text.substr(m_pos, std::min<std::size_t>(4096, m_fail_at - m_pos));
    m_pos += piece.size();
    return piece;
  }

 private:
  std::string_view m_text;
  std::size_t m_fail_at;
  std::size_t m_pos = 0;
};

LogData parse_stream(const Format& format, std::string_view text, StreamPartsOptions options) {
  TestStream stream(text);
  auto data = parse_stream_in_parts(format, stream, options);
  if (!data) throw std::logic_error(format.name() + ": not parsed in parts");
  return std::move(*data);
}

// Blocks of 16 KiB (many parts), 1 to 3 workers, exact and streaming.
void expect_stream_equal_whole(const Format& format, const std::string& text) {
  for (bool streaming : {false, true}) {
    const LogData whole = parse_whole(format, text, streaming);
    for (std::size_t workers : {1, 2, 3}) {
      StreamPartsOptions options;
      options.workers = workers;
      options.block = 16 << 10;
      options.table.streaming = streaming;
      expect_same_log(whole, parse_stream(format, text, options),
                      format.name() + (streaming ? " streaming, " : " exact, ") + std::to_string(workers) + " workers");
    }
  }
}

std::unique_ptr<Format> builtin(const char* name) { return find_format(name)->make({}); }

}  // namespace

TEST(LogsStreamParts, BuiltinFormatsEqualOneParse) {
  expect_stream_equal_whole(*builtin("esp32"), esp32_log(20000));
  expect_stream_equal_whole(*builtin("jsonl"), jsonl_log(40000));
  expect_stream_equal_whole(*builtin("csv"), csv_log(60000));
  expect_stream_equal_whole(*builtin("nginx"), nginx_log(12000, true));  // forced: template from the head
}

TEST(LogsStreamParts, YamlBlockFormatEqualsOneParse) {
  expect_stream_equal_whole(*yaml_format(k_block_yaml), camera_block_log(60000));
}

// No place to cut within max_block: the rest of the stream is read by the last part itself.
TEST(LogsStreamParts, LogWithoutPlacesToCutIsOneLastPart) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "capture: " + std::to_string(i % 90) + " ms\n";  // no block starts
  text += camera_block_log(2000);
  StreamPartsOptions options;
  options.block = 16 << 10;
  options.max_block = 64 << 10;
  const auto format = yaml_format(k_block_yaml);
  expect_same_log(parse_whole(*format, text, false), parse_stream(*format, text, options), "no cuts");
}

// A CSV whose first MiB holds no data row: later parts could not learn the columns, so the log
// is not cut, and still parsed as one parse would.
TEST(LogsStreamParts, CsvWithoutADataRowInItsHeadIsOneLastPart) {
  std::string text = "a,b,c\n" + std::string(2 << 20, '\n') + "1,2,3\n";
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",5,6\n";
  StreamPartsOptions options;
  options.block = 16 << 10;
  const auto csv = builtin("csv");
  expect_same_log(parse_whole(*csv, text, false), parse_stream(*csv, text, options), "csv uncut");
}

// A part's error comes before a read error after it (one parse would not have read further);
// a read error alone comes through, after the parts before it (cut here: past the first MiB).
TEST(LogsStreamParts, ErrorsComeInTheOrderOneParseMeetsThem) {
  const std::string text = csv_log(150000);
  ASSERT_GT(text.size(), 2u << 20);
  StreamPartsOptions options;
  options.block = 16 << 10;
  FormatOptions fields;
  fields.fields = {"no_such_column"};
  TestStream failing(text, text.size() * 9 / 10);
  try {
    parse_stream_in_parts(*find_format("csv")->make(fields), failing, options);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_column"), std::string::npos) << e.what();
  }
  TestStream failing_again(text, text.size() * 9 / 10);
  try {
    parse_stream_in_parts(*builtin("csv"), failing_again, options);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    ADD_FAILURE() << e.what();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "read failed");
  }
}
