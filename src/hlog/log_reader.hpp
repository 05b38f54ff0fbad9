#pragma once
// Reads an HdrHistogram interval log (.hlog) as Java's HistogramLogReader does: "#[StartTime: s"
// and "#[BaseTime: s" comments, the legend line, then one interval per line, "[Tag=t,]start,
// length,max,<base64 compressed V2 histogram>". Other '#' lines are comments. Histograms of
// doubles, V0/V1 encodings and shifted histograms are refused by name.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "hlog/histogram.hpp"

namespace latbench::hlog {

struct Interval {
  std::string tag;         // empty: untagged
  double start_s = 0;      // as written (relative to BaseTime, or absolute: see IntervalLog)
  double length_s = 0;
  double max = 0;          // the line's Interval_Max column, as written (unit ratio applied)
  Histogram histogram;
  int line = 0;
};

struct IntervalLog {
  std::optional<double> start_time_s, base_time_s;
  std::vector<std::string> comments;  // without the '#'
  std::vector<Interval> intervals;

  // Seconds since the epoch at which `i` starts, by Java's rule: timestamps are after BaseTime
  // when it is given; without it, after StartTime when they are smaller than a year before it
  // (relative), else absolute already.
  double absolute_start_s(const Interval& i) const;
};

// Parses `text`, errors (input) as "<name>:<line>: <what was expected>".
Result<IntervalLog> parse_log(std::string_view text, const std::string& name);
// Reads and parses the file at `path` (an input Error naming it when it cannot be read).
Result<IntervalLog> read_log(const std::filesystem::path& path);

}  // namespace latbench::hlog
