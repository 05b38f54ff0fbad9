#pragma once
// The W3C Server-Timing response header: `recv;dur=0.1, queue;dur=0, infer;dur=40;desc="yolo"`.
// The server tells how long each of its stages took, so the client can split its own latency into
// server time and network + overhead, per request.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latbench::client {

struct TimingMetric {
  std::string name;
  double dur_ms = 0;
  friend bool operator==(const TimingMetric&, const TimingMetric&) = default;
};

// Parses one header value (several headers: join their values with ","). Metrics without a `dur`
// parameter, or with a dur that is not a finite non-negative number, are left out; a metric
// name seen twice keeps its first value (the spec says the first one wins). Quoted `desc` values
// may contain commas and semicolons. Never throws: a malformed metric is skipped, the rest kept.
std::vector<TimingMetric> parse_server_timing(std::string_view header_value);

// What the server spent processing the request (decode, inference, post: the time a server's own
// log prints), the figure network_overhead = total - processing stands on. The rule:
//   `total` minus `recv` when the server sent both: `recv` is the server waiting for the body,
//     which on a slow link is the upload's own transfer, i.e. network time;
//   `total` when it sent no `recv` (a server that times only its handler);
//   nothing without a `total`.
// Never negative (a `recv` above `total` leaves 0).
std::optional<double> server_processing_ms(const std::vector<TimingMetric>& metrics);

}  // namespace latbench::client
