#pragma once
// The viewer half of run_workload (`direction: down`, issue 17): the viewer sessions
// (client/viewer_run.hpp) against the chosen target, every frame into samples.jsonl and the
// run's series, then the summaries and the viewer report (viewer_report.hpp) into `r`.
// run_workload has set up the target, the link and the run folder before, and writes the
// summary after. A run in which no frame arrived failed (exit 3), as an upload run without an answer.
#include <cstdint>
#include <string>

#include "app/run_workload.hpp"
#include "client/run_config.hpp"
#include "client/ws_options.hpp"

namespace latbench::app {

// `dialled_url`: what the viewers connect to (the link's port, when there is one); r.url the
// target itself, whose host says whether the clocks are the same (loopback) or not.
// `link_down_bits_per_s`: the emulated link's down rate, 0 for none.
void run_viewer_workload(const client::RunConfig& config, const std::string& dialled_url, double link_down_bits_per_s,
                         const client::WsOptions& ws, const RunHooks& hooks, RunResult& r);

// GET http://127.0.0.1:PORT/stats's "stream" object as JSON text (an embedded server's
// /ws/stream), or empty when it cannot be had (the run's numbers do not depend on it).
std::string fetch_stream_stats(std::uint16_t port);

// Whether `url`'s host is this machine (127.0.0.0/8, ::1, localhost): the sender's clock is ours.
bool is_loopback_url(const std::string& url);

}  // namespace latbench::app
