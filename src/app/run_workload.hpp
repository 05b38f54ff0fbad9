#pragma once
// The run behind `latbench run` (and compare's runs): payload -> target -> driver -> samples
// -> summary. Usage:
//
//   client::RunConfig config;                  // defaults: 100 uploads, VGA, new connections
//   config.connection.mode = client::ConnectionMode::persistent;
//   app::RunResult result = app::run_workload(config);
//   // result.summaries: one stats::Summary per series (total, dns, connect, ...);
//   // result.out_dir holds samples.jsonl and summary.json.
//
// Throws latbench::Error: usage / input for a bad config (image path, header syntax, out dir),
// unreachable when the target cannot be connected to at all. Everything else (timeouts, resets,
// HTTP errors, a target that stopped answering, a full disk under the run folder) is data in the
// result, never an exception: the caller still has a summary to show (see `failure` and
// `write_errors`).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/frames_report.hpp"
#include "app/run_origin.hpp"
#include "client/driver.hpp"
#include "client/run_config.hpp"
#include "core/series.hpp"
#include "link/link_emulator.hpp"
#include "server/reference_server.hpp"
#include "stats/summary.hpp"

namespace latbench::app {

// A live view for the progress line (about once a second).
struct Progress {
  std::uint64_t done = 0;
  std::uint64_t total = 0;       // 0 when the run is bounded by duration only
  double elapsed_s = 0;
  double rate_per_s = 0;         // completions per second since the start
  double p50_ms = 0, p95_ms = 0; // over the last 1000 answers
  std::uint64_t errors = 0;
};

struct RunHooks {
  std::function<void(const Progress&)> on_progress;
  const std::atomic<int>* interrupt = nullptr;  // 1: stop scheduling, 2: abort in-flight uploads
};

struct RunResult {
  std::string url;                     // what was driven
  std::string link;                    // the emulated network path ("wifi: delay=..."), or empty
  std::optional<link::LinkCounters> link_counters;  // what the link emulator forwarded
  std::optional<std::uint64_t> link_seed;  // the link's seed (given, or drawn for this run)
  std::string link_replay;             // the link as given, with that seed: replays the draws
  bool embedded_server = false;
  std::optional<server::ServerCounters> server;   // the embedded server's own counters
  std::filesystem::path out_dir;
  std::filesystem::path samples_path;

  // One per series of the measured requests (warm-up excluded; names in samples/series.hpp). The
  // values themselves are not kept (a million-request run would hold ~100 MB of them): read
  // them back from samples_path.
  std::vector<stats::Summary> summaries;
  std::vector<stats::Summary> warmup_summaries;  // warm-up requests alone (cold vs warm)

  std::uint64_t measured = 0;          // non-warm-up uploads that ended
  std::uint64_t warmup = 0;            // warm-up uploads that ended
  std::uint64_t ok = 0;                // measured uploads with a 2xx/3xx answer
  std::uint64_t answered = 0;          // measured uploads with any HTTP answer (4xx/5xx too)
  std::map<std::string, std::uint64_t> errors;  // measured, by class name ("timeout", ...)
  std::uint64_t timeouts_in_percentiles = 0;    // counted in total as "at least the timeout"
  std::uint64_t connections_new = 0, connections_reused = 0;

  // Bytes on the wire per measured upload (request line + headers + body), and the JPEG inside.
  double bytes_up_per_request = 0, bytes_down_per_request = 0;
  double image_bytes_mean = 0;
  std::uint64_t bytes_up = 0, bytes_down = 0;

  client::DriverStats driver;                  // sent / skipped / cancelled / lag / CPU
  double intended_rate_per_s = 0;      // open loop: devices * rate; closed loop: 0 (none intended)
  double achieved_rate_per_s = 0;      // uploads ended per second of run
  double effective_fps = 0;            // open loop: frames sent per second per device
  double drop_rate = 0;                // open loop: skipped / (sent + skipped)
  double start_lag_p50_ms = 0, start_lag_p99_ms = 0, start_lag_max_ms = 0;
  bool valid = true;                   // false: latbench lagged, or the run failed (below)
  std::string invalid_reason;          // every reason, "; "-separated
  // Why the run failed as a measurement of the target (exit 3): no measured upload got an
  // answer, none succeeded (every answer 4xx/5xx), or the target stopped answering and the run
  // stopped (driver.silent). Empty when the target answered.
  std::string failure;
  std::vector<std::string> warnings;   // for above the summary table: errors over 10%
  // Files of the run folder that could not be written (disk full...), each naming its path. The
  // summary is still complete (it is built in memory); summary_path says where it went.
  std::vector<std::string> write_errors;
  std::filesystem::path summary_path;  // out_dir/summary.json, or a fallback in the temp folder
  bool samples_complete = true;        // false: samples.jsonl lacks requests (write_errors)
  bool interrupted = false;
  // A ws:// run's frames (sent, answered, fps, bytes, warm-up, pending, sessions); unset: HTTP.
  std::optional<FramesReport> frames;
  // Its workload's hash, its shard, when it started (and was asked to), what it was merged from.
  RunOrigin origin;
};

// Over this share of failed measured requests, a run warns above its summary table.
inline constexpr double k_warn_error_share = 0.10;

RunResult run_workload(const client::RunConfig& config, const RunHooks& hooks = {});

// The verdicts of a run on what it drove (`config`: the share this process ran), from r's counts
// and driver stats: the rates, start lag and validity (honesty), then a failure of the target and
// the error-share warning (outcome). run_workload calls both; merge calls them on merged counts.
void judge_honesty(const client::RunConfig& config, RunResult& r);
void judge_outcome(const client::RunConfig& config, RunResult& r);

// The run folder: `config.out_dir` if set, else <runs_root>/<UTC timestamp>[-<name>], created.
std::filesystem::path make_run_dir(const client::RunConfig& config);

}  // namespace latbench::app
