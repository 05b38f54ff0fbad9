#pragma once
// Raw-socket helpers for the link emulator's tests (loopback only, every loop bounded): a TCP
// sink that reads and counts everything, client sockets, and many uploads written at once.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace latbench::test {

// Accepts any number of connections on 127.0.0.1 and reads everything, counting the bytes.
class TcpSink {
 public:
  TcpSink() {
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_listener, 4096) != 0)
      throw std::runtime_error("sink: cannot listen");
    socklen_t len = sizeof a;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&a), &len);
    m_port = ntohs(a.sin_port);
    m_thread = std::thread([this] { loop(); });
  }
  ~TcpSink() {
    m_stop = true;
    m_thread.join();
    ::close(m_listener);
  }
  TcpSink(const TcpSink&) = delete;
  TcpSink& operator=(const TcpSink&) = delete;

  std::uint16_t port() const { return m_port; }
  std::uint64_t received() const { return m_received.load(); }

  // Waits (bounded) until `bytes` have arrived.
  bool wait_for(std::uint64_t bytes, std::chrono::seconds deadline) const {
    auto end = std::chrono::steady_clock::now() + deadline;
    while (received() < bytes && std::chrono::steady_clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return received() >= bytes;
  }

 private:
  void loop() {
    std::vector<pollfd> fds{{m_listener, POLLIN, 0}};
    std::vector<char> buffer(1 << 16);
    while (!m_stop) {
      if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
      for (std::size_t i = 1; i < fds.size(); ++i) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        auto n = ::read(fds[i].fd, buffer.data(), buffer.size());
        if (n > 0) {
          m_received += static_cast<std::uint64_t>(n);
        } else {
          ::close(fds[i].fd);
          fds[i].fd = -1;  // poll ignores negative descriptors
        }
      }
      if (fds[0].revents & POLLIN) {
        int fd = ::accept(m_listener, nullptr, nullptr);
        if (fd >= 0) fds.push_back({fd, POLLIN, 0});
      }
    }
    for (std::size_t i = 1; i < fds.size(); ++i)
      if (fds[i].fd >= 0) ::close(fds[i].fd);
  }

  int m_listener = -1;
  std::uint16_t m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<std::uint64_t> m_received{0};
  std::thread m_thread;
};

// A client socket connected to 127.0.0.1:port; send_buffer > 0 asks for that SO_SNDBUF.
inline int connect_loopback(std::uint16_t port, int send_buffer = 0) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (send_buffer > 0) ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  return fd;
}

// Opens `clients` connections to `port` and writes `bytes` on each, all at once from one thread
// (non-blocking), until every byte is sent or the deadline passes. Returns how many finished.
// The sockets stay open until `sink` (if given) has every byte, so that the connections are
// concurrent end to end (a client's send finishes long before its bytes are through), then
// are closed.
inline std::size_t upload_concurrently(std::uint16_t port, std::size_t clients, std::size_t bytes,
                                       std::chrono::seconds deadline, const TcpSink* sink = nullptr) {
  std::vector<int> fds;
  for (std::size_t i = 0; i < clients; ++i) fds.push_back(connect_loopback(port));
  std::string body(bytes, 'x');
  std::vector<std::size_t> sent(clients, 0);
  std::vector<pollfd> polls;
  for (int fd : fds) polls.push_back({fd, POLLOUT, 0});
  auto end = std::chrono::steady_clock::now() + deadline;
  std::size_t done = 0;
  while (done < clients && std::chrono::steady_clock::now() < end) {
    ::poll(polls.data(), polls.size(), 50);
    for (std::size_t i = 0; i < clients; ++i) {
      if (polls[i].fd < 0 || !(polls[i].revents & POLLOUT)) continue;
      auto n = ::send(fds[i], body.data() + sent[i], bytes - sent[i], MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) sent[i] += static_cast<std::size_t>(n);
      if (sent[i] == bytes) {
        ++done;
        polls[i].fd = -1;
      }
    }
  }
  if (sink) sink->wait_for(clients * bytes, std::chrono::duration_cast<std::chrono::seconds>(end - std::chrono::steady_clock::now()) + std::chrono::seconds(1));
  for (int fd : fds) ::close(fd);
  return done;
}

}  // namespace latbench::test
