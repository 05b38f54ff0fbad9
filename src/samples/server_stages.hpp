#pragma once
// The server's own stages of one request (its Server-Timing header, parsed by
// client/server_timing.hpp) and the rule that splits a request's latency into server time and
// network + overhead: part of the sample record, so every reader of samples.jsonl applies it alike.
#include <optional>
#include <string>
#include <vector>

namespace latbench::samples {

struct TimingMetric {
  std::string name;
  double dur_ms = 0;
  friend bool operator==(const TimingMetric&, const TimingMetric&) = default;
};

// What the server spent processing the request (decode, inference, post: the time a server's own
// log prints), the figure network_overhead = total - processing stands on. The rule:
//   `total` minus `recv` when the server sent both: `recv` is the server waiting for the body,
//     which on a slow link is the upload's own transfer, i.e. network time;
//   `total` when it sent no `recv` (a server that times only its handler);
//   nothing without a `total`.
// Never negative (a `recv` above `total` leaves 0).
std::optional<double> server_processing_ms(const std::vector<TimingMetric>& metrics);

}  // namespace latbench::samples
