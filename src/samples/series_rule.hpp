#pragma once
// Which series one request of a samples.jsonl feeds: the one rule behind every reader of the
// file (run's live summary, compare, gate and plot through series.hpp, analyze's latbench
// format), so one file gives one `total` whichever command reads it. docs/samples.md says why.
namespace latbench::samples {

struct SampleRole {
  bool total = false;       // total (and latency_from_intended): an HTTP answer, or a timeout
  bool connection = false;  // dns, connect, tls: counted in total and on a new connection
  bool answer = false;      // upload, ttfb, server_<stage>, network_overhead: an HTTP answer
};

// `status`: the HTTP status (0: no answer); `timed_out`: error "timeout"; `fresh_connection`:
// conn "new". Warm-up requests are the caller's business (left out unless asked for).
constexpr SampleRole sample_role(int status, bool timed_out, bool fresh_connection) {
  const bool answered = status > 0;
  // A timeout is time the device waited (at least the timeout): leaving it out would flatter the
  // tail. A refused / reset / DNS / dropped request without an answer ends for a reason that is
  // not latency (a refused connect takes 0.1 ms): counting it would make a failing server fast.
  const bool total = answered || timed_out;
  return {total, total && fresh_connection, answered};
}

}  // namespace latbench::samples
