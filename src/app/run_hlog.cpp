#include "app/run_hlog.hpp"

#include <fmt/format.h>

#include "client/shard.hpp"
#include "samples/series_rule.hpp"

namespace latbench::app {

RunHlog::RunHlog(const client::RunConfig& config) : m_interval(config.hlog_interval) {
  if (config.shard) m_shard = client::format_shard(*config.shard);
  if (!config.export_hlog.empty()) m_writer = std::make_unique<hlog::LogWriter>(config.export_hlog);
}

void RunHlog::begin(std::chrono::steady_clock::time_point t0, std::chrono::system_clock::time_point wall_t0) {
  if (!m_writer) return;
  m_t0 = t0;
  hlog::LogHeader header;
  header.start_time_s = std::chrono::duration<double>(wall_t0.time_since_epoch()).count();
  header.comments = {
      fmt::format("[Logged with latbench {}]", LATBENCH_VERSION),
      "[Values: total latency of measured requests in microseconds (1 us to 1 h, 3 significant digits: "
      "within 0.1%); Interval_Max in milliseconds]",
  };
  if (m_shard) header.comments.push_back(fmt::format("[Shard {} of a fleet run (latbench merge adds the shards' logs)]", *m_shard));
  m_writer->header(header);
  m_recorder.emplace(*m_writer, m_interval);
}

void RunHlog::add(const samples::Sample& s, std::chrono::steady_clock::time_point now) {
  if (!m_recorder || s.warmup) return;
  const auto role = samples::sample_role(s.status, s.error == samples::ErrorClass::timeout,
                                         s.conn == samples::ConnUse::fresh);
  if (role.total) m_recorder->record(now - m_t0, hlog::to_micros(s.total_ms));
}

void RunHlog::tick(std::chrono::steady_clock::time_point now) {
  if (m_recorder) m_recorder->tick(now - m_t0);
}

std::string RunHlog::finish(std::chrono::steady_clock::time_point now) {
  if (!m_recorder) return {};
  m_recorder->finish(now - m_t0);
  return m_writer->failure();
}

}  // namespace latbench::app
