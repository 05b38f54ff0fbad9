#pragma once
// Pairs a device log with a server log, request by request, to answer "is it the network or the
// server?": network_overhead = device_total - server_total for every pair.
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
  Series device_total, server_total, network_overhead;  // aligned: index i is pair i
  std::size_t device_unpaired = 0, server_unpaired = 0;
  std::size_t negative_overhead = 0;         // pairs where the server took longer than the device saw
};

// The column used as a log's total: "total" if present, else request_time / time_taken /
// duration, else the only column. Errors name the file and the columns it has.
Result<std::size_t> total_column(const LogData& log, const std::string& option);

// Errors: a log without records or without a total, --on request_id on a log without ids.
Result<JoinResult> join_logs(const LogData& device, const LogData& server, JoinOn on);

}  // namespace latbench::logs
