#pragma once
// One HTTP/1.1 connection of the reference server (internal: includes Asio). A session reads
// requests one after another (keep-alive), with idle / header / body timeouts, hands images to
// the processing model and writes the answers. The registry lets stop() finish them gracefully.
#include <boost/asio/ip/tcp.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/duration.hpp"

namespace latbench::server {

class ServerContext;
class HttpSession;

class SessionRegistry {
 public:
  void add(const std::shared_ptr<HttpSession>& session);
  void remove(HttpSession* session);
  // Asks every session to close once its current request is answered (idle ones close now).
  void shutdown_all();
  // Cuts every connection now.
  void force_close_all();
  // Closes the connection that has waited longest for a request (its first one, or the next on
  // a keep-alive connection), as nginx reuses its oldest idle connection when it runs out: a
  // client that opens connections and says nothing cannot lock others out. false when no
  // connection is idle.
  bool evict_oldest_idle();
  // true when no session is left within `timeout`.
  bool wait_empty(Nanos timeout);

 private:
  std::vector<std::shared_ptr<HttpSession>> live();

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> m_sessions;
};

// Takes over an accepted socket (whose executor should be a strand) and serves it.
void start_session(boost::asio::ip::tcp::socket socket, ServerContext& ctx,
                   SessionRegistry& registry);

}  // namespace latbench::server
