#pragma once
// A run's HdrHistogram interval log (`export_hlog`): the measured requests' total latency, the
// values of the `total` series (samples/series_rule.hpp: answers and timeouts, warm-up left
// out), in microseconds, one interval per `hlog_interval`, written while the run goes
// (hlog/interval_recorder.hpp). StartTime is the wall clock when the schedule starts (after a
// start_at wait), so the logs of shards started together line up on one timeline.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "client/run_config.hpp"
#include "hlog/interval_recorder.hpp"
#include "hlog/log_writer.hpp"
#include "samples/record.hpp"

namespace latbench::app {

class RunHlog {
 public:
  // Creates config.export_hlog (nothing when it is empty); throws latbench::Error (input) naming
  // the file when it cannot be created.
  explicit RunHlog(const client::RunConfig& config);
  // The schedule starts now: writes the header; add() and tick() count from here.
  void begin(std::chrono::steady_clock::time_point t0, std::chrono::system_clock::time_point wall_t0);

  // Before begin() (none: the driver is not running yet) or without a log: nothing.
  void add(const samples::Sample& s, std::chrono::steady_clock::time_point now);
  void tick(std::chrono::steady_clock::time_point now);
  // Writes the last interval; the writer's failure (disk full), empty when none.
  std::string finish(std::chrono::steady_clock::time_point now);

 private:
  std::chrono::steady_clock::time_point m_t0;
  Nanos m_interval;
  std::optional<std::string> m_shard;  // "I/N" of a shard's run, for the header
  std::unique_ptr<hlog::LogWriter> m_writer;
  std::optional<hlog::IntervalRecorder> m_recorder;
};

}  // namespace latbench::app
