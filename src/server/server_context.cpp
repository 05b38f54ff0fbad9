#include "server/server_context.hpp"

#include <nlohmann/json.hpp>

namespace latbench::server {

ServerContext::ServerContext(const ServerOptions& options)
    : m_options(options),
      m_model(options.processing),
      // Sync mode: connections bound the queue. Async mode: the queue is the bound.
      m_pool(options.processing.workers, options.mode == Mode::async ? options.queue_capacity : 0),
      m_stream(options.stream, options.log_format,
               options.log_sink ? StreamHub::LogSink([this](const std::string& line) { log(line); })
                                : StreamHub::LogSink()) {}

void ServerContext::log(const std::string& line) {
  if (!m_options.log_sink) return;
  std::lock_guard lock(m_log_mutex);
  m_options.log_sink(line);
}

void ServerContext::count_status(int status) {
  if (status >= 0 && status < static_cast<int>(m_by_status.size()))
    m_by_status[static_cast<std::size_t>(status)].fetch_add(1, std::memory_order_relaxed);
}

ServerCounters ServerContext::snapshot() const {
  ServerCounters c;
  auto r = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  c.connections_accepted = r(connections_accepted);
  c.connections_open = r(connections_open);
  c.connections_rejected = r(connections_rejected);
  c.connections_evicted = r(connections_evicted);
  c.requests = r(requests);
  c.bytes_received = r(bytes_received);
  c.bytes_sent = r(bytes_sent);
  c.processed = r(processed);
  c.dropped = r(dropped);
  c.undecodable = r(undecodable);
  c.ws_sessions = r(ws_sessions);
  c.ws_sessions_open = r(ws_sessions_open);
  c.ws_frames = r(ws_frames);
  c.ws_processed = r(ws_processed);
  c.ws_dropped = r(ws_dropped);
  c.ws_undecodable = r(ws_undecodable);
  c.ws_bad_frames = r(ws_bad_frames);
  c.ws_refused = r(ws_refused);
  c.queue_depth = m_pool.depth();
  const auto streamed = m_stream.totals();
  c.stream_viewers = streamed.viewers;
  c.stream_viewers_open = streamed.viewers_open;
  c.stream_produced = streamed.produced;
  c.stream_sent = streamed.sent;
  c.stream_dropped = streamed.dropped;
  for (std::size_t s = 0; s < m_by_status.size(); ++s)
    if (auto n = r(m_by_status[s]); n != 0) c.requests_by_status[static_cast<int>(s)] = n;
  return c;
}

std::string ServerContext::stats_json() const {
  auto c = snapshot();
  nlohmann::json by_status = nlohmann::json::object();
  for (auto [status, n] : c.requests_by_status) by_status[std::to_string(status)] = n;
  nlohmann::json j = {
      {"connections_accepted", c.connections_accepted},
      {"connections_open", c.connections_open},
      {"connections_rejected", c.connections_rejected},
      {"connections_evicted", c.connections_evicted},
      {"requests", c.requests},
      {"requests_by_status", by_status},
      {"queue_depth", c.queue_depth},
      {"processed", c.processed},
      {"dropped", c.dropped},
      {"undecodable", c.undecodable},
      {"bytes_received", c.bytes_received},
      {"bytes_sent", c.bytes_sent},
      {"mode", m_options.mode == Mode::sync ? "sync" : "async"},
      {"workers", m_options.processing.workers},
      {"ws",
       {{"sessions", c.ws_sessions},
        {"sessions_open", c.ws_sessions_open},
        {"frames", c.ws_frames},
        {"processed", c.ws_processed},
        {"dropped", c.ws_dropped},
        {"undecodable", c.ws_undecodable},
        {"bad_frames", c.ws_bad_frames},
        {"refused", c.ws_refused}}},
      {"stream", m_stream.stats()},
  };
  return j.dump();
}

}  // namespace latbench::server
