#pragma once
// The W3C Server-Timing response header: `recv;dur=0.1, queue;dur=0, infer;dur=40;desc="yolo"`.
// The server tells how long each of its stages took, so the client can split its own latency into
// server time and network + overhead, per request.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samples/server_stages.hpp"

namespace latbench::client {

// The stages and the processing rule belong to the sample record (samples/server_stages.hpp).
using samples::TimingMetric;
using samples::server_processing_ms;

// Parses one header value (several headers: join their values with ","). Metrics without a `dur`
// parameter, or with a dur that is not a finite non-negative number, are left out; a metric
// name seen twice keeps its first value (the spec says the first one wins). Quoted `desc` values
// may contain commas and semicolons. Never throws: a malformed metric is skipped, the rest kept.
std::vector<TimingMetric> parse_server_timing(std::string_view header_value);
// The same into `out` (cleared first), whose capacity a caller can reuse from request to request.
void parse_server_timing(std::string_view header_value, std::vector<TimingMetric>& out);

}  // namespace latbench::client
