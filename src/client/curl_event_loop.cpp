#include "client/curl_event_loop.hpp"

#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace latbench::client {
namespace {

// Events taken per epoll_wait; more ready sockets wait for the next round (level-triggered).
constexpr std::size_t k_ready_batch = 1024;

std::uint32_t epoll_mask(int what) {
  std::uint32_t events = 0;
  if (what & CURL_POLL_IN) events |= EPOLLIN;
  if (what & CURL_POLL_OUT) events |= EPOLLOUT;
  return events;
}

}  // namespace

CurlEventLoop::CurlEventLoop() : m_ready(k_ready_batch) {
  m_epoll = epoll_create1(EPOLL_CLOEXEC);
  if (m_epoll < 0) {
    throw Error(ErrorKind::internal, fmt::format("cannot create an epoll set: {}", std::strerror(errno)));
  }
  m_multi = curl_multi_init();
  if (!m_multi) {
    ::close(m_epoll);
    throw Error(ErrorKind::internal, "libcurl: cannot create a multi handle");
  }
  curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlEventLoop::on_socket);
  curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlEventLoop::on_timer);
  curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
}

CurlEventLoop::~CurlEventLoop() {
  // The cleanup closes cached connections and tells on_socket: the epoll set must outlive it.
  curl_multi_cleanup(m_multi);
  ::close(m_epoll);
}

void CurlEventLoop::adopt(CURL* easy) {
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &CurlEventLoop::on_open);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &CurlEventLoop::on_close);
  curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
}

void CurlEventLoop::add(CURL* easy) {
  CURLMcode rc = curl_multi_add_handle(m_multi, easy);
  if (rc != CURLM_OK) {
    throw Error(ErrorKind::internal, fmt::format("libcurl: cannot add a transfer: {}", curl_multi_strerror(rc)));
  }
}

void CurlEventLoop::remove(CURL* easy) { curl_multi_remove_handle(m_multi, easy); }

void CurlEventLoop::run_ready() {
  if (!m_collected) collect(0);
  m_collected = false;
  int running = 0;
  for (std::size_t i = 0; i < m_ready_count; ++i) {
    const epoll_event& ev = m_ready[i];
    const int fd = ev.data.fd;
    if (fd < 0 || static_cast<std::size_t>(fd) >= m_fds.size()) continue;
    if (m_fds[static_cast<std::size_t>(fd)].watch != Watch::wanted) {
      // An idle keep-alive socket became readable (closed by the server): stop watching it, or
      // every wait would wake for it.
      unwatch(fd);
      continue;
    }
    int mask = 0;
    if (ev.events & EPOLLIN) mask |= CURL_CSELECT_IN;
    if (ev.events & EPOLLOUT) mask |= CURL_CSELECT_OUT;
    if (ev.events & (EPOLLERR | EPOLLHUP)) mask |= CURL_CSELECT_ERR;
    curl_multi_socket_action(m_multi, fd, mask, &running);
  }
  m_ready_count = 0;
  if (m_deadline && *m_deadline <= std::chrono::steady_clock::now()) {
    m_deadline.reset();  // before the call: libcurl sets its next timer from inside it
    curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
  }
}

CURLMsg* CurlEventLoop::next_done() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
    if (msg->msg == CURLMSG_DONE) return msg;
  }
  return nullptr;
}

std::optional<Nanos> CurlEventLoop::next_timer() const {
  if (!m_deadline) return std::nullopt;
  return std::max(Nanos(0), std::chrono::duration_cast<Nanos>(*m_deadline - std::chrono::steady_clock::now()));
}

void CurlEventLoop::wait(Nanos at_most) {
  collect(static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(at_most).count()));
  m_collected = true;
}

void CurlEventLoop::collect(int timeout_ms) {
  int n = epoll_wait(m_epoll, m_ready.data(), static_cast<int>(m_ready.size()), std::max(0, timeout_ms));
  m_ready_count = n > 0 ? static_cast<std::size_t>(n) : 0;  // EINTR (a signal): nothing ready
}

CurlEventLoop::Entry& CurlEventLoop::entry(curl_socket_t fd) {
  auto index = static_cast<std::size_t>(fd);
  if (index >= m_fds.size()) m_fds.resize(std::max<std::size_t>(index + 1, m_fds.size() * 2));
  return m_fds[index];
}

void CurlEventLoop::watch(curl_socket_t fd, std::uint32_t events) {
  Entry& e = entry(fd);
  // Still registered with this mask since it went idle (on_close would have cleared it).
  if (e.watch == Watch::idle && e.events == events) {
    e.watch = Watch::wanted;
    return;
  }
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  // The descriptor may have been closed and its number reused since we registered it (the kernel
  // then dropped it from the set): fall back from MOD to ADD, and from ADD to MOD.
  int rc = epoll_ctl(m_epoll, e.watch == Watch::none ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev);
  if (rc != 0 && errno == ENOENT) rc = epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
  if (rc != 0 && errno == EEXIST) rc = epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
  if (rc != 0) {  // EBADF: libcurl closed it already; nothing to watch
    e.watch = Watch::none;
    e.events = 0;
    return;
  }
  e.watch = Watch::wanted;
  e.events = events;
}

void CurlEventLoop::unwatch(curl_socket_t fd) {
  Entry& e = entry(fd);
  if (e.watch != Watch::none) epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);  // EBADF: closed
  e.watch = Watch::none;
  e.events = 0;
}

int CurlEventLoop::on_socket(CURL*, curl_socket_t fd, int what, void* self, void*) {
  auto* loop = static_cast<CurlEventLoop*>(self);
  if (fd < 0) return 0;
  if (what != CURL_POLL_REMOVE) {
    loop->watch(fd, epoll_mask(what));
    return 0;
  }
  Entry& e = loop->entry(fd);
  if (e.watch == Watch::none) return 0;
  // Kept for reading only (a writable socket would wake every wait); see Watch::idle.
  if (e.origin == Origin::connection && e.events == EPOLLIN) {
    e.watch = Watch::idle;
  } else {
    loop->unwatch(fd);
  }
  return 0;
}

curl_socket_t CurlEventLoop::on_open(void* self, curlsocktype, curl_sockaddr* address) {
  auto* loop = static_cast<CurlEventLoop*>(self);
  curl_socket_t fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  if (fd < 0) return CURL_SOCKET_BAD;
  Entry& e = loop->entry(fd);
  e = Entry{};  // a number closed behind our back (not through on_close) starts afresh
  e.origin = Origin::connection;
  return fd;
}

int CurlEventLoop::on_close(void* self, curl_socket_t fd) {
  auto* loop = static_cast<CurlEventLoop*>(self);
  loop->unwatch(fd);
  loop->entry(fd).origin = Origin::other;
  return ::close(fd);
}

int CurlEventLoop::on_timer(CURLM*, long timeout_ms, void* self) {
  auto* loop = static_cast<CurlEventLoop*>(self);
  if (timeout_ms < 0) {
    loop->m_deadline.reset();
  } else {
    loop->m_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

}  // namespace latbench::client
