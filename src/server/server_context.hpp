#pragma once
// State shared by the acceptor, every HTTP session and the model slots of one ReferenceServer.
// Internal to src/server (Beast-free, so it can be unit-tested on its own).
#include <array>
#include <atomic>
#include <mutex>
#include <string>

#include "server/device_commands.hpp"
#include "server/processing_model.hpp"
#include "server/reference_server.hpp"
#include "server/stream_hub.hpp"
#include "server/worker_pool.hpp"

namespace latbench::server {

class ServerContext {
 public:
  explicit ServerContext(const ServerOptions& options);

  const ServerOptions& options() const { return m_options; }
  ProcessingModel& model() { return m_model; }
  WorkerPool& pool() { return m_pool; }
  DeviceCommands& commands() { return m_commands; }
  StreamHub& stream() { return m_stream; }

  // Writes one line through the log sink, serialised (no-op without a sink).
  void log(const std::string& line);
  bool logging() const { return static_cast<bool>(m_options.log_sink); }

  std::uint64_t next_request_id() { return ++m_request_ids; }
  bool stopping() const { return m_stopping.load(std::memory_order_acquire); }
  void set_stopping() { m_stopping.store(true, std::memory_order_release); }

  // Counters (relaxed atomics: readers want a recent value, not a consistent snapshot).
  std::atomic<std::uint64_t> connections_accepted{0};
  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_rejected{0};
  std::atomic<std::uint64_t> connections_evicted{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> bytes_received{0};
  std::atomic<std::uint64_t> bytes_sent{0};
  std::atomic<std::uint64_t> processed{0};
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> undecodable{0};
  // /ws/frames (reference_server.hpp's ServerCounters says what each counts).
  std::atomic<std::uint64_t> ws_sessions{0};
  std::atomic<std::uint64_t> ws_sessions_open{0};
  std::atomic<std::uint64_t> ws_frames{0};
  std::atomic<std::uint64_t> ws_processed{0};
  std::atomic<std::uint64_t> ws_dropped{0};
  std::atomic<std::uint64_t> ws_undecodable{0};
  std::atomic<std::uint64_t> ws_bad_frames{0};
  std::atomic<std::uint64_t> ws_refused{0};
  void count_status(int status);

  ServerCounters snapshot() const;
  // GET /stats body.
  std::string stats_json() const;

 private:
  ServerOptions m_options;
  ProcessingModel m_model;
  WorkerPool m_pool;
  DeviceCommands m_commands;
  std::mutex m_log_mutex;
  StreamHub m_stream;  // after the log's mutex: it logs through log()
  std::atomic<std::uint64_t> m_request_ids{0};
  std::atomic<bool> m_stopping{false};
  std::array<std::atomic<std::uint64_t>, 600> m_by_status{};
};

}  // namespace latbench::server
