#include "mini_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace latbench::test {

MiniHttpServer::MiniHttpServer(std::function<Reply(std::uint64_t)> script) : m_script(std::move(script)) {
  m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 128) != 0) {
    throw std::runtime_error("mini server: bind/listen failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
  m_port = ntohs(addr.sin_port);
  m_acceptor = std::thread([this] { accept_loop(); });
}

MiniHttpServer::~MiniHttpServer() {
  m_stop = true;
  ::shutdown(m_listen, SHUT_RDWR);
  m_acceptor.join();
  {
    std::lock_guard lock(m_mutex);
    for (int fd : m_fds) {
      if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
    }
  }
  for (auto& t : m_threads) t.join();
  ::close(m_listen);
}

std::string MiniHttpServer::url() const {
  return "http://127.0.0.1:" + std::to_string(m_port) + "/api/devices/file/image";
}

std::vector<Received> MiniHttpServer::received() const {
  std::lock_guard lock(m_mutex);
  return m_received;
}

void MiniHttpServer::accept_loop() {
  while (!m_stop) {
    pollfd p{m_listen, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept(m_listen, nullptr, nullptr);
    if (fd < 0) continue;
    ++m_connections;
    std::lock_guard lock(m_mutex);
    m_fds.push_back(fd);
    m_threads.emplace_back([this, fd] { serve(fd); });
  }
}

namespace {

std::string header_value(const std::string& head, const std::string& name) {
  std::string lower = head;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto pos = lower.find("\r\n" + name + ":");
  if (pos == std::string::npos) return {};
  auto start = pos + name.size() + 3;
  auto end = head.find("\r\n", start);
  std::string v = head.substr(start, end - start);
  while (!v.empty() && v.front() == ' ') v.erase(v.begin());
  return v;
}

}  // namespace

void MiniHttpServer::serve(int fd) {
  serve_requests(fd);
  std::lock_guard lock(m_mutex);
  for (int& f : m_fds) {
    if (f == fd) f = -1;
  }
  ::close(fd);
}

void MiniHttpServer::serve_requests(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::string buf;
  char chunk[65536];
  for (;;) {
    std::size_t end;
    while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
    std::string head = buf.substr(0, end + 4);
    std::size_t length = std::stoul("0" + header_value(head, "content-length"));
    while (buf.size() < head.size() + length) {
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
    buf.erase(0, head.size() + length);
    {
      std::lock_guard lock(m_mutex);
      m_received.push_back({head.size(), length, header_value(head, "x-device-id"),
                            header_value(head, "content-type"), head});
    }
    Reply reply = m_script(m_requests++);
    auto until = std::chrono::steady_clock::now() + reply.stall;
    while (std::chrono::steady_clock::now() < until && !m_stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (reply.kind == Reply::Kind::reset) {
      linger l{1, 0};  // close with RST
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      return;  // serve() closes: with linger 0 that sends the RST
    }
    if (reply.kind == Reply::Kind::close_silently) {
      ::shutdown(fd, SHUT_RDWR);
      return;
    }
    const std::string& body = reply.body;
    std::string timing = reply.server_total_ms >= 0
                             ? "Server-Timing: total;dur=" + std::to_string(reply.server_total_ms) + "\r\n"
                             : "";
    if (!reply.extra_header.empty()) timing += reply.extra_header + "\r\n";
    std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\nContent-Type: application/json\r\n" +
                      timing + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    if (::send(fd, out.data(), out.size(), MSG_NOSIGNAL) < 0) return;
  }
}

}  // namespace latbench::test
