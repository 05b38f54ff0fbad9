#pragma once
// Adds interval logs (one per shard of a fleet run) without their raw samples: each interval is
// placed on one timeline by its absolute start (hlog/log_reader.hpp's rule), intervals of the
// same tag that start within half an interval of the same grid point are added into one, and
// every value of every log is in the total. Adding HdrHistograms of one layout is exact: the sum
// has the counts a single histogram recording all the values would have, so its percentiles are
// those of the union to the layout's precision (error_bound_text). Logs of different layouts are
// refused rather than re-binned.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "hlog/histogram.hpp"
#include "hlog/log_reader.hpp"

namespace latbench::hlog {

struct NamedLog {
  std::string name;  // the file, for errors
  IntervalLog log;
};

struct MergedInterval {
  std::string tag;
  double start_s = 0;   // after MergedLog::start_time_s
  double length_s = 0;
  Histogram histogram;
};

struct MergedLog {
  double start_time_s = 0;     // where the first interval's grid point is (seconds since the epoch)
  double start_spread_s = 0;   // latest minus earliest: how far apart the shards started
  double interval_s = 0;       // the grid
  double max_ratio = 1000;     // Interval_Max's unit ratio, as the inputs wrote it
  std::vector<MergedInterval> intervals;  // by start, then tag
  Histogram total;             // every value of every input
  std::size_t inputs = 0;
};

// Adds logs one at a time, so a fleet's logs are never all in memory (a decoded interval holds
// its whole counts array: 8 shards x 600 intervals read at once took 1 GB). The grid starts at
// the first log's StartTime (BaseTime); an interval goes to the grid point nearest its start.
class LogMerger {
 public:
  // `interval_s`: the grid; unset: the most common interval length of the first log.
  explicit LogMerger(std::optional<double> interval_s = std::nullopt) : m_interval_s(interval_s) {}
  // Errors (input) name the file: a log with no StartTime or BaseTime (no place on the
  // timeline), no intervals at all, or a layout other than the first log's.
  Result<bool> add(const NamedLog& log);
  // The sum so far; an Error when nothing was added.
  Result<MergedLog> result() &&;

 private:
  struct Slot {
    Histogram h;
    double end_s = 0;  // after the grid's origin
  };
  std::optional<double> m_interval_s;
  std::optional<Layout> m_layout;
  std::string m_first;
  double m_origin = 0, m_earliest = 0, m_latest = 0, m_max_ratio = 1000;
  bool m_ratio_known = false;
  std::map<std::pair<long long, std::string>, Slot> m_slots;  // (grid point, tag)
  std::optional<Histogram> m_total;
  std::size_t m_inputs = 0;
};

// All of `logs` through one LogMerger.
Result<MergedLog> merge_logs(const std::vector<NamedLog>& logs, std::optional<double> interval_s = std::nullopt);

// The log text of a merge (hlog/log_writer.hpp's format), with `comments` first.
std::string format_merged(const MergedLog& merged, const std::vector<std::string>& comments);

// What adding histograms of `layout` keeps, e.g. at 3 digits: "values within 0.1% (HdrHistogram,
// 3 significant digits: a value's bucket is at most 1/1024 of it wide, one unit wide below 2048
// units); counts exact".
std::string error_bound_text(const Layout& layout);

}  // namespace latbench::hlog
