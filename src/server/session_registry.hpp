#pragma once
// The open connections of one ReferenceServer, whatever they speak (an HTTP/1.1 connection, or a
// WebSocket session it was upgraded into), so stop() can finish them and a newcomer can evict
// the one idle longest. Internal to src/server; Beast-free.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/duration.hpp"

namespace latbench::server {

// What the registry asks of a connection. Each call posts to the connection's strand and
// returns at once.
class ServedConnection {
 public:
  virtual ~ServedConnection() = default;
  // Close once what is in hand is answered (now when idle).
  virtual void shutdown() = 0;
  // Close now.
  virtual void force_close() = 0;

  // When this connection started waiting for its peer with nothing in hand (steady-clock ticks),
  // 0 while it is busy, k_evicted once the registry chose to close it for a newcomer. Read by
  // the registry from the acceptor's thread, so atomic.
  static constexpr std::int64_t k_evicted = -1;
  std::atomic<std::int64_t>& idle_since() { return m_idle_since; }

 protected:
  // Marks this connection idle from now (evictable).
  void enter_idle();
  // Marks it busy; false when the registry evicted it meanwhile (close it).
  bool leave_idle();

 private:
  std::atomic<std::int64_t> m_idle_since{0};
};

class SessionRegistry {
 public:
  void add(const std::shared_ptr<ServedConnection>& connection);
  void remove(ServedConnection* connection);
  // Asks every connection to close once what it has in hand is answered (idle ones close now).
  void shutdown_all();
  // Cuts every connection now.
  void force_close_all();
  // Closes the connection that has waited longest for its peer (an HTTP connection waiting for
  // its first or next request, a WebSocket session waiting for a frame with none in hand), as
  // nginx reuses its oldest idle connection when it runs out: a client that opens connections
  // and says nothing cannot lock others out. false when no connection is idle.
  bool evict_oldest_idle();
  // true when no connection is left within `timeout`.
  bool wait_empty(Nanos timeout);

 private:
  std::vector<std::shared_ptr<ServedConnection>> live();

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::unordered_map<ServedConnection*, std::weak_ptr<ServedConnection>> m_connections;
};

}  // namespace latbench::server
