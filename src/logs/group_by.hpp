#pragma once
// --group-by request_id: services that each log their own stage of one request (shared request
// id, lines interleaved in any order, possibly in several files) become one row per request with
// every stage, the total (sum of the stages) and each stage's share of that total.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/series.hpp"
#include "logs/log_data.hpp"

namespace latbench::logs {

struct RequestRows {
  std::vector<std::string> stages;            // column names, in first-seen order
  std::vector<std::string> units;             // their units ("ms" unless a format said otherwise)
  std::vector<std::string> ids;               // one per request, in first-seen order
  std::vector<std::vector<double>> values;    // values[request][stage], NaN when missing
  std::vector<double> total;                  // sum of the stages; NaN when a stage is missing
  std::size_t incomplete = 0;                 // requests missing at least one stage
  std::size_t repeated = 0;                   // (request, stage) cells logged more than once (summed)
};

// Errors: a log without request ids (names the file and format).
Result<RequestRows> group_by_request(const std::vector<const LogData*>& logs);

// Per-stage series (every value of the stage), "total" and "share_<stage>" (% of the total,
// complete requests only), in that order.
std::vector<Series> group_series(const RequestRows& rows);

// The rows as CSV: request_id, each stage, total, each share (%). Empty cells where missing.
std::string rows_csv(const RequestRows& rows);

}  // namespace latbench::logs
