#pragma once
// A libcurl multi handle driven through its socket interface on one epoll set, so that a round of
// the driver's loop costs libcurl only the sockets that are ready. libcurl says which sockets it
// waits on (CURLMOPT_SOCKETFUNCTION) and when its next timeout is (CURLMOPT_TIMERFUNCTION);
// run_ready() hands it the sockets epoll found ready and the timer once due.
// Why not curl_multi_perform + curl_multi_poll: perform visits every transfer on each call and
// polls each one's socket, and curl_multi_poll rebuilds a pollfd array of all of them to wait; at
// 64 keep-alive connections that was 3 poll() calls per request (strace -c), a third of the
// client's syscalls. Linux only (epoll), as the driver's socket options are.
#include <curl/curl.h>
#include <sys/epoll.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "client/clock.hpp"
#include "core/duration.hpp"

namespace latbench::client {

class CurlEventLoop {
 public:
  // Throws latbench::Error (internal) when libcurl or epoll cannot be set up.
  CurlEventLoop();
  ~CurlEventLoop();
  CurlEventLoop(const CurlEventLoop&) = delete;
  CurlEventLoop& operator=(const CurlEventLoop&) = delete;

  CURLM* multi() const { return m_multi; }
  // Once per easy handle, before its first add(): its connections' sockets are opened and
  // closed through this loop, which so knows when a descriptor it keeps watching is closed.
  void adopt(CURL* easy);
  // Starts `easy` (libcurl's timer then fires at once); throws Error (internal) if refused.
  void add(CURL* easy);
  void remove(CURL* easy);
  // Lets libcurl do the I/O that is ready without blocking: the sockets the last wait() found
  // ready (without a wait() since the last call: a non-blocking look now), then its timer if due.
  void run_ready();
  // The next transfer that ended since the last call, or nullptr.
  CURLMsg* next_done();
  // How long until libcurl's timer is due (0: now); nullopt: it waits on sockets only.
  std::optional<Nanos> next_timer() const;
  // Blocks until a socket libcurl waits on is ready or `at_most` passed.
  void wait(Nanos at_most);

 private:
  // What the epoll set holds for a descriptor. `idle`: libcurl no longer waits on it (a
  // keep-alive connection back in its cache) but it stays registered for reading: the next
  // request on that connection then needs no epoll_ctl to add it again. Only a connection's
  // socket goes idle, as only its close is seen (on_close); an event on an idle descriptor (the
  // server closed it) removes it, and libcurl sees the close when it reuses the connection.
  enum class Watch : std::uint8_t { none, wanted, idle };
  enum class Origin : std::uint8_t { other, connection };  // opened by on_open
  struct Entry {
    Watch watch = Watch::none;
    Origin origin = Origin::other;
    std::uint32_t events = 0;  // the epoll mask it is registered with
  };

  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socketp);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  static curl_socket_t on_open(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int on_close(void* self, curl_socket_t fd);
  void watch(curl_socket_t fd, std::uint32_t events);
  void unwatch(curl_socket_t fd);
  void collect(int timeout_ms);
  Entry& entry(curl_socket_t fd);

  CURLM* m_multi = nullptr;
  int m_epoll = -1;
  std::vector<Entry> m_fds;                 // by descriptor number
  std::vector<epoll_event> m_ready;         // found by the last collect()
  std::size_t m_ready_count = 0;
  bool m_collected = false;                 // wait() looked since the last run_ready()
  std::optional<SteadyTime> m_deadline;     // libcurl's timer
};

}  // namespace latbench::client
