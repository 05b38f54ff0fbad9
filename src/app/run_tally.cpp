#include "app/run_tally.hpp"

namespace latbench::app {

using samples::ConnUse;
using samples::ErrorClass;

RunTally::RunTally() : m_warm({.include_warmup = true}) {}

void RunTally::add(const samples::Sample& s, RunResult& r) {
  if (s.warmup) {
    ++r.warmup;
    m_warm.add(s);
    return;
  }
  m_measured.add(s);
  ++r.measured;
  if (s.status > 0) ++r.answered;
  if (s.error == ErrorClass::none) {
    ++r.ok;
  } else {
    ++r.errors[std::string(samples::error_class_name(s.error))];
  }
  if (s.error == ErrorClass::timeout) ++r.timeouts_in_percentiles;
  ++(s.conn == ConnUse::fresh ? r.connections_new : r.connections_reused);
  r.bytes_up += s.bytes_up;
  r.bytes_down += s.bytes_down;
}

void RunTally::summarize(RunResult& r) {
  if (r.measured > 0) {
    r.bytes_up_per_request = static_cast<double>(r.bytes_up) / static_cast<double>(r.measured);
    r.bytes_down_per_request = static_cast<double>(r.bytes_down) / static_cast<double>(r.measured);
  }
  // One series at a time: the summaries are all a run keeps (the values are on disk).
  m_measured.for_each_series([&r](Series&& s) { r.summaries.push_back(stats::summarize(s)); });
  if (r.warmup > 0) {
    m_warm.for_each_series([&r](Series&& s) {
      if (s.name != "total") return;  // cold vs warm: the total says it
      s.name = "warmup_total";
      r.warmup_summaries.push_back(stats::summarize(s));
    });
  }
}

}  // namespace latbench::app
