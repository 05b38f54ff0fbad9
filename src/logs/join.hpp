#pragma once
// Pairs a device log with a server log, request by request, to answer "is it the network or the
// server?": network_overhead = device - server for every pair, of the series chosen in each log
// (JoinSeries; by default each log's total, or its only timed series).
#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/series.hpp"
#include "logs/log_data.hpp"

namespace latbench::logs {

enum class JoinOn { order, request_id };

struct JoinResult {
  std::string device_column, server_column;  // which series were paired
  std::vector<std::string> ids;              // request ids of the pairs (empty for order)
  // Aligned: index i is pair i. Named device_<column>, server_<column>, network_overhead.
  Series device_total, server_total, network_overhead;
  std::size_t device_unpaired = 0, server_unpaired = 0;
  std::size_t negative_overhead = 0;         // pairs where the server took longer than the device saw
};

// The column of `log` to pair: `wanted` when given; else "total" if present, else request_time /
// time_taken / duration, else the only timed (ms) column, else the only column. Errors name the
// file, the columns it has and `option`, the option that chooses one.
Result<std::size_t> pair_column(const LogData& log, const std::string& wanted, const std::string& option);

struct JoinSeries {
  std::string device, server;  // the series to pair; empty: pair_column's default
};

// Errors: a log without records or without the series to pair, --on request_id on a log without ids.
Result<JoinResult> join_logs(const LogData& device, const LogData& server, JoinOn on, const JoinSeries& series = {});

}  // namespace latbench::logs
