#pragma once
// Which of a log's series is its latency when nobody names one (compare and gate read one series
// per source): the format's own main series, else the log's only timed series.
#include <string>
#include <vector>

#include "core/series.hpp"

namespace latbench::logs {

// "total" when there is one (esp32: payload creation to command end, the device's whole request;
// ultralytics: the stages' sum; latbench: the request), "request_time" (nginx) or "time_taken"
// (apache) for access logs, else the only series in a time unit; "" when there is no single
// answer (several timed series in a jsonl / csv / YAML format log, or none).
std::string main_series(const std::vector<Series>& series);

}  // namespace latbench::logs
