#include "hlog/interval_recorder.hpp"

namespace latbench::hlog {
namespace {

double seconds(Nanos d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

IntervalRecorder::IntervalRecorder(LogWriter& writer, Nanos every, std::string tag)
    : m_writer(writer), m_every(every > Nanos{0} ? every : std::chrono::seconds(1)), m_tag(std::move(tag)) {}

void IntervalRecorder::write_current(Nanos end) {
  m_writer.interval(seconds(m_start), seconds(end - m_start), m_current, m_tag);
  m_current.reset();
  m_start = end;
}

void IntervalRecorder::tick(Nanos elapsed) {
  while (!m_finished && elapsed >= m_start + m_every) write_current(m_start + m_every);
}

void IntervalRecorder::record(Nanos elapsed, std::int64_t value_us) {
  tick(elapsed);
  const std::int64_t highest = m_current.layout().highest;
  if (value_us > highest) {
    value_us = highest;
    ++m_clamped;
  }
  if (value_us < 0) value_us = 0;  // never from a steady clock; counted as 0 rather than lost
  m_current.record(value_us);
  m_total.record(value_us);
}

void IntervalRecorder::finish(Nanos elapsed) {
  if (m_finished) return;
  tick(elapsed);
  if (elapsed > m_start || m_current.count() > 0) write_current(std::max(elapsed, m_start));
  m_finished = true;
}

}  // namespace latbench::hlog
