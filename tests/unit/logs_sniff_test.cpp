// Sniffing: lines that merely hold the same number of commas are not CSV (a Python log's
// "09:14:06,100" timestamps were taken for a CSV header and rows).
#include <gtest/gtest.h>

#include "common/test_files.hpp"
#include "logs/read_log.hpp"
#include "common/test_paths.hpp"

using namespace latbench;
using namespace latbench::logs;

namespace {
std::string name_of(const std::unique_ptr<Format>& f) { return f ? f->name() : std::string("none"); }
using latbench::test::sample;
}  // namespace

TEST(LogsSniff, PythonLoggingTimestampsAreNotCsv) {
  const std::string text = test::slurp(sample("hd_server.log"));
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(name_of(sniff_format(std::string_view(text))), "none");  // main: csv
  const std::string two =
      "2026-11-22 09:14:06,100 INFO detector: frame 1 handled in 3321 ms (HD 1280x720)\n"
      "2026-11-22 09:14:12,275 INFO detector: frame 2 handled in 3197 ms (HD 1280x720)\n"
      "2026-11-22 09:14:18,141 INFO detector: frame 3 handled in 3264 ms (HD 1280x720)\n"
      "2026-11-22 09:14:24,003 INFO detector: frame 4 handled in 2990 ms (HD 1280x720)\n";
  EXPECT_EQ(name_of(sniff_format(std::string_view(two))), "none");
}

TEST(LogsSniff, RealCsvIsStillCsv) {
  EXPECT_EQ(name_of(sniff_format(std::string_view(test::slurp(sample("timings.csv"))))), "csv");
  EXPECT_EQ(name_of(sniff_format(std::string_view("name;ms\na;1.5\nb;2\nc;\nd;4\n"))), "csv");
  // A text column and a numeric one, quoted cells.
  EXPECT_EQ(name_of(sniff_format(std::string_view("\"stage\",ms\n\"a, b\",1\nc,2\n"))), "csv");
}

TEST(LogsSniff, ALogNothingReadsNamesTheOptionThatWouldHelp) {
  ReadOptions options;
  options.format_option = "--join-format";
  auto r = read_log(sample("hd_server.log"), options);
  ASSERT_FALSE(r.ok());
  const std::string what = r.error().what();
  EXPECT_NE(what.find("hd_server.log: matches no known log format"), std::string::npos) << what;
  EXPECT_NE(what.find("--join-format my_format.yaml"), std::string::npos) << what;
}
