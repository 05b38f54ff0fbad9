#pragma once
// The embedded reference server: a Boost.Beast HTTP/1.1 server that behaves like the users'
// FastAPI + YOLO service (POST /api/devices/file/image -> JSON of pending commands). Beast stays
// inside the .cpp files; this header is all `latbench run` and `latbench serve` need.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/duration.hpp"

namespace latbench::server {

enum class Mode { sync, async };

struct ServerOptions {
  std::string bind = "127.0.0.1";   // never beyond loopback unless the user says --bind
  std::uint16_t port = 0;           // 0: an ephemeral port, read it back from port()
  Mode mode = Mode::sync;
  unsigned threads = 1;             // I/O threads
  // Where access lines go (uvicorn's format); empty: nowhere. Called from I/O threads, serialised.
  std::function<void(const std::string& line)> log_sink;
};

// Counters a test or `GET /stats` can read at any time (monotonic since start).
struct ServerCounters {
  std::uint64_t connections_accepted = 0;
  std::uint64_t requests = 0;
  std::uint64_t bytes_received = 0;
};

class ReferenceServer {
 public:
  explicit ReferenceServer(ServerOptions options);
  ~ReferenceServer();  // stops and joins
  ReferenceServer(const ReferenceServer&) = delete;
  ReferenceServer& operator=(const ReferenceServer&) = delete;

  // Binds and starts serving on background threads. Throws latbench::Error (usage) when the
  // address cannot be bound, naming it.
  void start();
  // Stops accepting, lets in-flight requests finish, joins the threads. Idempotent.
  void stop();

  std::uint16_t port() const;
  ServerCounters counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace latbench::server
