#pragma once
// An HdrHistogram interval log (.hlog) written as it goes, in the text HistogramLogWriter (Java)
// writes and jHiccup, YCSB and HistogramLogProcessor read:
//
//   #<each comment line>
//   #[Histogram log format version 1.3]
//   #[StartTime: 1764654444.123 (seconds since epoch), Wed Dec 02 05:47:24 UTC 2026]
//   #[BaseTime: 1764654444.123 (seconds since epoch)]
//   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
//   [Tag=<tag>,]<start s>,<length s>,<max / max_ratio>,<base64 of the compressed histogram>
//
// Interval starts are seconds after BaseTime (= StartTime), "%.3f" as Java's Locale.US format.
// Each interval is pushed to the kernel when written, so a killed run keeps every interval so far.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hlog/histogram.hpp"

namespace latbench::hlog {

struct LogHeader {
  double start_time_s = 0;            // seconds since the epoch (StartTime and BaseTime)
  std::vector<std::string> comments;  // each written as "#<comment>", before the format line
  // The interval line's max is the histogram's max divided by this (Java's maxValueUnitRatio;
  // its default 1e6 turns nanoseconds into ms, 1000 does so for our microseconds).
  double max_ratio = 1000.0;
};

class LogWriter {
 public:
  // Creates (truncates) `path` and writes the header; throws latbench::Error (input) naming the
  // path when it cannot. A tag may not hold a comma, a space or a line break (usage Error).
  LogWriter(std::filesystem::path path, LogHeader header);
  // Creates `path` now (failing as above) and leaves the header to header(): a run opens its log
  // before it waits for its start, and the header names the start.
  explicit LogWriter(std::filesystem::path path);
  void header(const LogHeader& header);
  ~LogWriter();
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  // One interval line. A refused write (disk full) is kept in failure() and later lines are
  // skipped: the run that feeds it goes on.
  void interval(double start_s, double length_s, const Histogram& h, std::string_view tag = {});
  // Empty while every line went through; else "<path>: cannot write after interval N: <why>".
  const std::string& failure() const { return m_failure; }
  std::size_t intervals() const { return m_intervals; }
  const std::filesystem::path& path() const { return m_path; }

 private:
  void put(const std::string& text);

  std::filesystem::path m_path;
  std::FILE* m_file = nullptr;
  double m_max_ratio;
  std::size_t m_intervals = 0;
  std::string m_failure;
};

// The header and lines as text (what LogWriter writes), for tests and for merge's output.
std::string format_header(const LogHeader& header);
std::string format_interval(double start_s, double length_s, const Histogram& h, double max_ratio,
                            std::string_view tag = {});

}  // namespace latbench::hlog
