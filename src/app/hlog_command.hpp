#pragma once
// `latbench hlog show LOG...` and `latbench hlog merge LOG... --out FILE`: HdrHistogram interval
// logs (ours from `run --export-hlog`, or any HistogramLogWriter's) added on one timeline
// (hlog/merge.hpp) and summarized: count, min, mean, max and percentiles as HdrHistogram computes
// them, the logs' start spread, and the error bound of adding histograms instead of samples.
// Values are read as microseconds (latbench's unit) and shown in ms.
#include <optional>
#include <string>
#include <vector>

namespace latbench::app {

struct HlogRequest {
  std::vector<std::string> inputs;
  std::string out;                    // merge only: the merged log's path
  std::optional<double> interval_s;   // the merged grid; unset: the logs' own interval length
};

struct HlogOutcome {
  std::string text;  // the summary, ending with a newline
};

// Throw latbench::Error (input) naming the file and line of a log that cannot be read or added.
HlogOutcome hlog_show(const HlogRequest& request);
HlogOutcome hlog_merge(const HlogRequest& request);

}  // namespace latbench::app
