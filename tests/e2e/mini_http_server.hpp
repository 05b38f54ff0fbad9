#pragma once
// A tiny scripted HTTP/1.1 server on 127.0.0.1 for driver tests: the test decides, per request,
// how long to stall, which status to answer, or whether to drop / reset the connection. It
// records what arrived (header and body bytes) and counts connections, so assertions rest on
// what the server saw, not on what the driver says it sent.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace latbench::test {

struct Reply {
  std::chrono::milliseconds stall{0};
  int status = 200;
  enum class Kind { answer, close_silently, reset } kind = Kind::answer;
  double server_total_ms = -1;  // >= 0: send "Server-Timing: total;dur=<x>"
  std::string body = "{\"commands\":[]}";
  std::string extra_header{};   // one "Name: value" line (no CRLF), sent when not empty
};

struct Received {
  std::size_t header_bytes = 0;  // request line + headers + blank line
  std::size_t body_bytes = 0;
  std::string device_id;
  std::string content_type;
  std::string head;  // the request line and headers as received
};

class MiniHttpServer {
 public:
  // `script(i)` is called for the i-th request (0-based, across connections).
  explicit MiniHttpServer(std::function<Reply(std::uint64_t)> script);
  ~MiniHttpServer();
  int port() const { return m_port; }
  std::string url() const;
  std::uint64_t connections() const { return m_connections.load(); }
  std::vector<Received> received() const;

 private:
  void accept_loop();
  void serve(int fd);
  void serve_requests(int fd);

  std::function<Reply(std::uint64_t)> m_script;
  int m_listen = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<std::uint64_t> m_connections{0};
  std::atomic<std::uint64_t> m_requests{0};
  mutable std::mutex m_mutex;
  std::vector<Received> m_received;
  std::vector<int> m_fds;
  std::vector<std::thread> m_threads;
  std::thread m_acceptor;
};

}  // namespace latbench::test
