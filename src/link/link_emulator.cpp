#include "link/link_emulator.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <fmt/format.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <mutex>
#include <thread>
#include <vector>

#include "core/key_error.hpp"
#include "link/link_connection.hpp"

namespace latbench::link {

struct LinkEmulator::Impl {
  Impl(LinkSpec spec, std::string host, std::uint16_t uport, std::uint16_t lport, std::string b)
      : shared(seeded(std::move(spec))), upstream_host(std::move(host)), upstream_port(uport),
        listen_port(lport), bind(std::move(b)) {}

  static LinkSpec seeded(LinkSpec spec) {
    if (!spec.seed) spec.seed = fresh_link_seed();
    return spec;
  }

  void do_accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (!acceptor.is_open()) return;
      if (!ec) {
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        auto conn = std::make_shared<LinkConnection>(std::move(socket), shared, next_id++);
        std::erase_if(connections, [](auto& w) { return w.expired(); });
        connections.push_back(conn);
        conn->start();
      }
      do_accept();
    });
  }

  LinkShared shared;  // before io: connections still queued in io refer to it
  std::string upstream_host;
  std::uint16_t upstream_port;
  std::uint16_t listen_port;
  std::string bind;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::vector<std::weak_ptr<LinkConnection>> connections;  // I/O thread only
  std::uint64_t next_id = 0;                                // I/O thread only
  std::thread thread;
  std::mutex lifecycle;
  bool started = false;
  bool stopped = false;
  std::uint16_t port = 0;
};

LinkEmulator::LinkEmulator(LinkSpec spec, std::string upstream_host, std::uint16_t upstream_port,
                           std::uint16_t listen_port, std::string bind)
    : m_impl(std::make_unique<Impl>(std::move(spec), std::move(upstream_host), upstream_port,
                                    listen_port, std::move(bind))) {}

LinkEmulator::~LinkEmulator() { stop(); }

void LinkEmulator::start() {
  std::lock_guard lock(m_impl->lifecycle);
  auto& impl = *m_impl;
  if (impl.started) return;
  boost::system::error_code ec;
  tcp::resolver resolver(impl.io);
  auto results = resolver.resolve(impl.upstream_host, std::to_string(impl.upstream_port), ec);
  if (ec || results.empty())
    throw key_usage_error("upstream", fmt::format("cannot resolve {}:{}: {}", impl.upstream_host,
                                                  impl.upstream_port, ec.message()));
  impl.shared.upstream = results.begin()->endpoint();
  auto address = asio::ip::make_address(impl.bind, ec);
  if (ec) throw key_usage_error("bind", fmt::format("'{}' is not an IP address", impl.bind));
  tcp::endpoint endpoint(address, impl.listen_port);
  auto fail = [&] {
    return usage_error(fmt::format("link emulator cannot listen on {}:{}: {}", impl.bind,
                                   impl.listen_port, ec.message()));
  };
  impl.acceptor.open(endpoint.protocol(), ec);
  if (ec) throw fail();
  impl.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  // A slow up link: accepted sockets inherit a small receive buffer (set before listen, as the
  // window scale is fixed by the SYN-ACK) and a 1460-byte MSS (the client's send buffer is
  // autotuned from the peer's MSS: 64 KiB loopback segments would let it swallow megabytes), so
  // the client's own send() waits for the emulated link instead of finishing at loopback speed.
  // Best effort: a kernel that refuses either still gets the paced reads.
  if (auto bytes = receive_buffer_bytes(impl.shared.spec.up_bits_per_s)) {
    boost::system::error_code ignored;
    impl.acceptor.set_option(asio::socket_base::receive_buffer_size(static_cast<int>(*bytes)), ignored);
    int mss = static_cast<int>(k_segment_bytes);
    ::setsockopt(impl.acceptor.native_handle(), IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss);
  }
  impl.acceptor.bind(endpoint, ec);
  if (ec) throw fail();
  impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw fail();
  impl.port = impl.acceptor.local_endpoint(ec).port();
  impl.do_accept();
  impl.thread = std::thread([&impl] { impl.io.run(); });
  impl.started = true;
}

void LinkEmulator::stop() {
  std::lock_guard lock(m_impl->lifecycle);
  auto& impl = *m_impl;
  if (!impl.started || impl.stopped) return;
  impl.stopped = true;
  asio::post(impl.io, [&impl] {
    boost::system::error_code ignored;
    impl.acceptor.close(ignored);
    for (auto& w : impl.connections)
      if (auto c = w.lock()) c->close();
    impl.connections.clear();
  });
  // Closing cancels every pending operation, so run() returns once their handlers have run.
  impl.thread.join();
}

std::uint16_t LinkEmulator::port() const { return m_impl->port; }

const LinkSpec& LinkEmulator::spec() const { return m_impl->shared.spec; }

LinkCounters LinkEmulator::counters() const {
  auto& s = m_impl->shared;
  auto r = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  return {r(s.connections), r(s.bytes_up),   r(s.bytes_down),        r(s.stalls),
          r(s.resets),      r(s.blackholes), r(s.upstream_failures), r(s.held_peak)};
}

}  // namespace latbench::link
