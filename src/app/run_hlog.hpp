#pragma once
// A run's HdrHistogram interval log (`export_hlog`): the measured requests' total latency, the
// values of the `total` series (samples/series_rule.hpp: answers and timeouts, warm-up left
// out), in microseconds, one interval per `hlog_interval`, written while the run goes
// (hlog/interval_recorder.hpp). StartTime is the wall clock at the run's start, so logs of shards
// started together line up on one timeline.
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
  // Nothing is written when config.export_hlog is empty. Throws latbench::Error (input) naming
  // the file when it cannot be created.
  RunHlog(const client::RunConfig& config, std::chrono::steady_clock::time_point t0,
          std::chrono::system_clock::time_point wall_t0);

  void add(const samples::Sample& s, std::chrono::steady_clock::time_point now);
  void tick(std::chrono::steady_clock::time_point now);
  // Writes the last interval; the writer's failure (disk full), empty when none.
  std::string finish(std::chrono::steady_clock::time_point now);

 private:
  std::chrono::steady_clock::time_point m_t0;
  std::unique_ptr<hlog::LogWriter> m_writer;
  std::optional<hlog::IntervalRecorder> m_recorder;
};

}  // namespace latbench::app
