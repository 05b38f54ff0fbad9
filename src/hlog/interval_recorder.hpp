#pragma once
// Cuts a run's latencies into HdrHistogram intervals as the run goes: each value lands in the
// interval in which it ended, and every interval (empty ones too, so the timeline has no holes)
// is written when the clock passes its end, the last one when the run finishes. Time is passed
// in (elapsed since the log's StartTime), so the cutting is tested without a clock.
// Values are microseconds: latbench's milliseconds times 1000, rounded (to_micros), recorded at
// k_latency_layout (1 us to 1 h, 3 significant digits); a longer value is clamped to 1 h and
// counted in clamped().
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>

#include "core/duration.hpp"
#include "hlog/histogram.hpp"
#include "hlog/log_writer.hpp"

namespace latbench::hlog {

inline std::int64_t to_micros(double ms) { return std::llround(ms * 1000.0); }

class IntervalRecorder {
 public:
  // Writes to `writer` (kept by reference: it outlives the recorder), one interval per `every`.
  IntervalRecorder(LogWriter& writer, Nanos every, std::string tag = {});

  // `value_us` ended at `elapsed`: first writes the intervals that ended before it.
  void record(Nanos elapsed, std::int64_t value_us);
  // Writes every interval that ended by `elapsed`.
  void tick(Nanos elapsed);
  // Writes the intervals up to `elapsed`, the last one shortened to end there.
  void finish(Nanos elapsed);

  const Histogram& total() const { return m_total; }  // every value recorded so far
  std::int64_t clamped() const { return m_clamped; }

 private:
  void write_current(Nanos end);

  LogWriter& m_writer;
  Nanos m_every;
  std::string m_tag;
  Nanos m_start{0};  // the current interval's start
  Histogram m_current, m_total;
  std::int64_t m_clamped = 0;
  bool m_finished = false;
};

}  // namespace latbench::hlog
