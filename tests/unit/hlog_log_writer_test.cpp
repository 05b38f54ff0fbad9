// hlog/log_writer.hpp: the header and interval lines HistogramLogWriter (Java) writes, read back
// by our reader (and by Java's HistogramLogProcessor in bench/hlog_vs_hdrhistogram.sh).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hlog/log_reader.hpp"
#include "hlog/log_writer.hpp"

using namespace latbench;
using namespace latbench::hlog;

namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(HlogLogWriter, WritesJavasHeaderLines) {
  LogHeader header;
  header.start_time_s = 1764654444.123;
  header.comments = {"[Logged with latbench test]"};
  EXPECT_EQ(format_header(header),
            "#[Logged with latbench test]\n"
            "#[Histogram log format version 1.3]\n"
            "#[StartTime: 1764654444.123 (seconds since epoch), Tue Dec 02 05:47:24 UTC 2025]\n"
            "#[BaseTime: 1764654444.123 (seconds since epoch)]\n"
            "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n");
}

TEST(HlogLogWriter, AnIntervalLineHasStartLengthMaxInMsAndTheHistogram) {
  Histogram h;
  h.record(40'010);  // max: highest equivalent 40031 us
  const std::string line = format_interval(2.0, 1.0005, h, 1000.0, "shard-2");
  EXPECT_TRUE(line.starts_with("Tag=shard-2,2.000,1.000,40.031,HISTF")) << line;  // base64 of 0x1c849314
  EXPECT_EQ(line.back(), '\n');
  EXPECT_THROW(format_interval(0, 1, h, 1000.0, "a,b"), Error);
  EXPECT_THROW(format_interval(0, 1, h, 1000.0, "a b"), Error);
}

TEST(HlogLogWriter, WhatItWritesReadsBackInterval_byInterval) {
  const auto path = std::filesystem::temp_directory_path() / "latbench_hlog_writer_test.hlog";
  {
    LogWriter w(path, LogHeader{.start_time_s = 1'700'000'000.5, .comments = {}, .max_ratio = 1000.0});
    Histogram h;
    for (std::int64_t v = 1000; v < 90'000; v += 7) h.record(v);
    w.interval(0, 1, h);
    Histogram empty;
    w.interval(1, 1, empty);
    EXPECT_TRUE(w.failure().empty());
    EXPECT_EQ(w.intervals(), 2u);
  }
  auto log = parse_log(read_text(path), path.string());
  ASSERT_TRUE(log.ok()) << log.error().what();
  ASSERT_EQ(log->intervals.size(), 2u);
  EXPECT_DOUBLE_EQ(*log->base_time_s, 1'700'000'000.5);
  EXPECT_EQ(log->intervals[0].histogram.count(), (90'000 - 1000 + 6) / 7);
  EXPECT_EQ(log->intervals[1].histogram.count(), 0);
  EXPECT_DOUBLE_EQ(log->absolute_start_s(log->intervals[1]), 1'700'000'001.5);
  std::filesystem::remove(path);
}

TEST(HlogLogWriter, AFileThatCannotBeCreatedIsAnErrorNamingIt) {
  try {
    LogWriter w("/nonexistent-dir/x.hlog", {});
    FAIL() << "created";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.hlog: cannot create"), std::string::npos) << e.what();
  }
}
