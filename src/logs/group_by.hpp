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
  // Column names in pipeline order: by the median time of each stage's line after its request's
  // first line, when the logs have times (files given in any order, lines interleaved); else in
  // first-seen order.
  std::vector<std::string> stages;
  std::vector<std::string> units;             // their units ("ms" unless a format said otherwise)
  std::vector<std::string> ids;               // one per request, in first-seen order
  std::vector<std::vector<double>> values;    // values[request][stage], NaN when missing
  std::vector<double> total;                  // sum of the stages; NaN when a stage is missing
  std::size_t incomplete = 0;                 // requests missing at least one stage
  std::size_t repeated = 0;                   // (request, stage) cells logged more than once (summed)
  bool ordered_by_time = false;               // stages were put in order by their times
};

// One line of the breakdown people draw by hand: where a request's time goes, stage by stage.
struct StageShare {
  std::string stage, unit;
  std::size_t count = 0;       // requests with this stage
  double median = 0;           // over every request with this stage (numpy's median)
  double mean = 0;             // over every request with this stage
  // Of the summed total of the complete requests, the part this stage took (%): the shares of
  // the stages add up to 100. NaN when no request is complete.
  double share_pct = 0;
};

// One StageShare per stage in pipeline order, then one for "total" (share 100, or NaN).
std::vector<StageShare> stage_breakdown(const RequestRows& rows);

// Errors: a log without request ids (names the file and format).
Result<RequestRows> group_by_request(const std::vector<const LogData*>& logs);

// Per-stage series (every value of the stage), "total" and "share_<stage>" (% of the total,
// complete requests only), in that order.
std::vector<Series> group_series(const RequestRows& rows);

// The rows as CSV: request_id, each stage, total, each share (%). Empty cells where missing.
std::string rows_csv(const RequestRows& rows);

}  // namespace latbench::logs
