#pragma once
// The one path from samples to a run's counts and summaries: a run feeds it each sample as it
// ends, `latbench merge` feeds it the shards' samples on their common timeline, and both get the
// same RunResult fields from the same code (so a merged summary is a single run's).
#include "app/run_workload.hpp"
#include "samples/record.hpp"
#include "samples/series.hpp"

namespace latbench::app {

class RunTally {
 public:
  RunTally();
  // Counts `s` into r (measured or warm-up, ok, answered, errors by class, timeouts,
  // connections, bytes) and keeps it for the series.
  void add(const samples::Sample& s, RunResult& r);
  // r's per-request bytes and its summaries (the measured series, then warm-up's total) from
  // what was added. Call once, at the end.
  void summarize(RunResult& r);

 private:
  samples::SeriesBuilder m_measured, m_warm;
};

}  // namespace latbench::app
