// The terminal output of the README's analyze and compare examples fits 100 columns (issue 14:
// analyze printed 145-177 columns, compare rows ~125 under a 208-column line); --wide brings back
// every column that was left out.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "process.hpp"
#include "common/test_paths.hpp"

using latbench::test::run_latbench;
namespace fs = std::filesystem;

namespace {

std::string source(const std::string& relative) { return latbench::test::source_dir() + "/" + relative; }

std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line)
    if ((c & 0xC0) != 0x80) ++n;  // UTF-8: count code points (sparkline blocks are one column)
  return n;
}

std::size_t widest(const std::string& text, std::string* line_out = nullptr) {
  std::size_t best = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (columns(line) > best) {
      best = columns(line);
      if (line_out) *line_out = line;
    }
    start = end + 1;
  }
  return best;
}

std::vector<std::vector<std::string>> readme_analyze_examples() {
  std::vector<std::string> chain{"analyze"};
  for (const auto& e : fs::directory_iterator(source("tests/fixtures/analyze/chain")))
    if (e.path().extension() == ".log") chain.push_back(e.path().string());
  chain.insert(chain.end(), {"--format", source("samples/pipeline.format.yaml"), "--group-by", "request_id"});
  return {
      {"analyze", source("samples/esp32.log"), "--trim", "3"},
      {"analyze", source("samples/esp32.log"), "--join", source("samples/ultralytics.log")},
      {"analyze", source("samples/esp32_hd.log"), "--device-series", "receive", "--join", source("samples/hd_server.log"),
       "--join-format", source("samples/hd_server.format.yaml")},
      {"analyze", source("samples/stages.jsonl"), "--group-by", "request_id"},
      {"analyze", source("samples/pipeline.log"), "--format", source("samples/pipeline.format.yaml"), "--group-by",
       "request_id"},
      chain,
      {"compare", source("samples/esp32.log"), source("samples/esp32_slower.log")},
  };
}

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += a + " ";
  return out;
}

}  // namespace

TEST(ReportWidths, ReadmeExamplesFitOneHundredColumns) {
  for (const auto& args : readme_analyze_examples()) {
    const auto r = run_latbench(args);
    ASSERT_EQ(r.exit_code, 0) << joined(args) << r.err;
    std::string line;
    EXPECT_LE(widest(r.out, &line), 100u) << joined(args) << "\n" << line << "\n" << r.out;
  }
}

TEST(ReportWidths, WideBringsBackWhatDidNotFit) {
  const auto narrow = run_latbench({"analyze", source("samples/esp32.log"), "--trim", "3"});
  const auto wide = run_latbench({"analyze", source("samples/esp32.log"), "--trim", "3", "--wide"});
  ASSERT_EQ(wide.exit_code, 0) << wide.err;
  EXPECT_GT(widest(wide.out), 100u) << wide.out;
  // As table headers (two blanks after): the narrow output names them once, in its "--wide adds".
  for (const char* header : {"Tukey lo/hi  ", "trimmed min  ", "trimmed mode  "}) {
    EXPECT_EQ(narrow.out.find(header), std::string::npos) << header << "\n" << narrow.out;
    EXPECT_NE(wide.out.find(header), std::string::npos) << header << "\n" << wide.out;
  }
  // The narrow output names what it left out; the trimmed statistics get a table of their own.
  EXPECT_NE(narrow.out.find("(--wide adds: Tukey lo/hi, trimmed min"), std::string::npos) << narrow.out;
  EXPECT_NE(narrow.out.find("series             trimmed  n     mean   median      SD"), std::string::npos) << narrow.out;
  // --wide: the trimmed columns beside the untrimmed ones, as before.
  EXPECT_NE(wide.out.find("SD  | trimmed  n     mean   median      SD"), std::string::npos) << wide.out;

  const auto cnarrow = run_latbench({"compare", source("samples/esp32.log"), source("samples/esp32_slower.log")});
  const auto cwide = run_latbench({"compare", source("samples/esp32.log"), source("samples/esp32_slower.log"), "--wide"});
  ASSERT_EQ(cwide.exit_code, 0) << cwide.err;
  EXPECT_GT(widest(cwide.out), 100u);
  for (const char* cell : {"1.45s [1.39s, 1.53s]", "+328.0ms [+244.0ms, +423.0ms]", "bootstrap  slower"}) {
    EXPECT_EQ(cnarrow.out.find(cell), std::string::npos) << cell << "\n" << cnarrow.out;
    EXPECT_NE(cwide.out.find(cell), std::string::npos) << cell << "\n" << cwide.out;
  }
  // A row's note moves under the table instead of widening it.
  EXPECT_NE(cnarrow.out.find("\nthroughput: run duration unknown (no start_ms)\n"), std::string::npos) << cnarrow.out;
  EXPECT_NE(cwide.out.find("?  (run duration unknown (no start_ms))"), std::string::npos) << cwide.out;
}

TEST(ReportWidths, GroupByRowsDropTheirSharesOnlyWhenTooWide) {
  const auto r = run_latbench({"analyze", source("samples/stages.jsonl"), "--group-by", "request_id"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Three stages fit with their shares: nothing is left out.
  EXPECT_NE(r.out.find("request    recv  decode   infer   total  recv %  decode %  infer %"), std::string::npos) << r.out;
}
