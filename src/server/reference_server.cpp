#include "server/reference_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/key_error.hpp"
#include "server/http_session.hpp"
#include "server/server_context.hpp"

namespace latbench::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct ReferenceServer::Impl {
  explicit Impl(ServerOptions opts) : options(std::move(opts)), ctx(options) {}

  void do_accept();
  void on_accept(boost::system::error_code ec, tcp::socket socket);

  ServerOptions options;
  // Declared before the io_context: sessions still queued in it refer to these when it dies.
  ServerContext ctx;
  SessionRegistry registry;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::mutex lifecycle;
  bool started = false;
  bool stopped = false;
  std::uint16_t port = 0;
};

void ReferenceServer::Impl::do_accept() {
  // One I/O thread needs no strand, and skipping it is measurably cheaper per request.
  asio::any_io_executor executor =
      options.threads > 1 ? asio::any_io_executor(asio::make_strand(io))
                          : asio::any_io_executor(io.get_executor());
  acceptor.async_accept(executor,
                        [this](boost::system::error_code ec, tcp::socket socket) {
                          on_accept(ec, std::move(socket));
                        });
}

void ReferenceServer::Impl::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (!acceptor.is_open() || ec == asio::error::operation_aborted) return;
  if (ec) {
    // Out of file descriptors and the like: back off instead of spinning on the error.
    accept_retry.expires_after(std::chrono::milliseconds(20));
    accept_retry.async_wait([this](boost::system::error_code wec) {
      if (!wec && acceptor.is_open()) do_accept();
    });
    return;
  }
  ctx.connections_accepted.fetch_add(1, std::memory_order_relaxed);
  // Full: make room by closing the longest-idle connection before refusing the newcomer. The
  // evicted one leaves on its own strand, so the count may stand one over for a moment.
  bool full = ctx.connections_open.load(std::memory_order_relaxed) >= options.max_connections;
  if (full && !ctx.stopping() && registry.evict_oldest_idle()) {
    ctx.connections_evicted.fetch_add(1, std::memory_order_relaxed);
    full = false;
  }
  if (full || ctx.stopping()) {
    ctx.connections_rejected.fetch_add(1, std::memory_order_relaxed);
    boost::system::error_code ignored;
    socket.close(ignored);
  } else {
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // small answers must not wait for Nagle
    start_session(std::move(socket), ctx, registry);
  }
  do_accept();
}

ReferenceServer::ReferenceServer(ServerOptions options)
    : m_impl(std::make_unique<Impl>(std::move(options))) {}

ReferenceServer::~ReferenceServer() { stop(); }

void ReferenceServer::start() {
  std::lock_guard lock(m_impl->lifecycle);
  if (m_impl->started) return;
  auto& o = m_impl->options;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(o.bind, ec);
  if (ec) throw key_usage_error("bind", fmt::format("'{}' is not an IP address", o.bind));
  tcp::endpoint endpoint(address, o.port);
  auto& acceptor = m_impl->acceptor;
  auto fail = [&](const char* what) {
    return usage_error(fmt::format("cannot listen on {}:{}: {} ({})", o.bind, o.port, ec.message(),
                                   what));
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) throw fail("open");
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) throw fail("SO_REUSEADDR");
  acceptor.bind(endpoint, ec);
  if (ec) throw fail("bind");
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw fail("listen");
  m_impl->port = acceptor.local_endpoint(ec).port();
  m_impl->do_accept();
  m_impl->work.emplace(m_impl->io.get_executor());
  unsigned n = o.threads == 0 ? 1 : o.threads;
  for (unsigned i = 0; i < n; ++i) m_impl->threads.emplace_back([this] { m_impl->io.run(); });
  m_impl->started = true;
}

void ReferenceServer::stop() {
  std::lock_guard lock(m_impl->lifecycle);
  auto& impl = *m_impl;
  if (!impl.started || impl.stopped) return;
  impl.stopped = true;
  impl.ctx.set_stopping();
  // The producer first: one blocked on a viewer's full queue would otherwise hold that viewer.
  impl.ctx.stream().stop();
  asio::post(impl.io, [&impl] {
    boost::system::error_code ignored;
    impl.acceptor.close(ignored);
    impl.accept_retry.cancel();
  });
  // In-flight requests finish (and answer with Connection: close); idle connections close now.
  // All of it within the grace: past it the simulated model time is cut short, or a 20 s
  // "inference" for a client that gave up long ago would hold the stop (and the run) for 20 s.
  const auto deadline = std::chrono::steady_clock::now() + impl.options.shutdown_grace;
  impl.registry.shutdown_all();
  if (!impl.registry.wait_empty(impl.options.shutdown_grace)) {
    impl.ctx.model().cut_short();
    impl.registry.force_close_all();
    impl.registry.wait_empty(std::chrono::seconds(5));
  }
  // Async mode: images already accepted are processed before we go (the answer promised it),
  // in what is left of the grace.
  if (!impl.ctx.pool().wait_idle(std::max(Nanos(0), std::chrono::duration_cast<Nanos>(
                                                         deadline - std::chrono::steady_clock::now()))))
    impl.ctx.model().cut_short();
  impl.ctx.pool().drain_and_stop();
  impl.work.reset();
  impl.io.stop();
  for (auto& t : impl.threads)
    if (t.joinable()) t.join();
}

std::uint16_t ReferenceServer::port() const { return m_impl->port; }

ServerCounters ReferenceServer::counters() const { return m_impl->ctx.snapshot(); }

}  // namespace latbench::server
