#include "link/link_connection.hpp"

#include <boost/asio/write.hpp>

#include <algorithm>

namespace latbench::link {
namespace {

// Chunks of about 5 ms of link time, so a slow link delivers bytes progressively as a real one
// does, within [one MSS, 64 KiB].
std::size_t chunk_size(double bits_per_s) {
  if (bits_per_s <= 0) return 65536;
  auto five_ms = static_cast<std::size_t>(bits_per_s / 8 * 0.005);
  return std::clamp<std::size_t>(five_ms, 1460, 65536);
}

// Bytes a direction holds before it stops reading (back-pressure, like a socket buffer).
constexpr std::size_t k_window = 256 * 1024;

}  // namespace

Nanos LinkShared::one_way_delay() {
  double ms = to_ms(spec.delay);
  double j = to_ms(spec.jitter);
  if (j > 0) {
    ms += spec.jitter_shape == JitterShape::uniform
              ? std::uniform_real_distribution<double>(-j, j)(rng)
              : std::normal_distribution<double>(0, j)(rng);
  }
  return from_ms(std::max(0.0, ms));
}

// ---- one direction ----

LinkPipe::LinkPipe(LinkConnection& conn, tcp::socket& from, tcp::socket& to, bool upstream_bound)
    : m_conn(conn), m_from(from), m_to(to), m_upstream_bound(upstream_bound),
      m_bucket(upstream_bound ? conn.shared().spec.up_bits_per_s : conn.shared().spec.down_bits_per_s,
               conn.shared().spec.burst_bytes),
      m_timer(from.get_executor()),
      m_read_buffer(chunk_size(upstream_bound ? conn.shared().spec.up_bits_per_s
                                              : conn.shared().spec.down_bits_per_s)) {}

void LinkPipe::start_reading() { read(); }

void LinkPipe::enable_writing() {
  m_can_write = true;
  schedule();
  finish_if_drained();
}

void LinkPipe::cancel() {
  m_timer.cancel();
  m_done = true;
}

void LinkPipe::read() {
  if (m_reading || m_eof || m_done || m_queued_bytes >= k_window) return;
  m_reading = true;
  m_from.async_read_some(asio::buffer(m_read_buffer),
                         [self = m_conn.shared_from_this(), this](boost::system::error_code ec,
                                                                  std::size_t n) { on_read(ec, n); });
}

void LinkPipe::on_read(boost::system::error_code ec, std::size_t n) {
  m_reading = false;
  if (m_done) return;
  if (ec == asio::error::eof) {
    if (m_conn.blackholed()) return m_conn.close();
    m_eof = true;
    return finish_if_drained();
  }
  if (ec) return m_conn.close();
  auto& shared = m_conn.shared();
  if (m_conn.blackholed()) return read();  // swallowed
  if (m_upstream_bound && m_first && m_conn.reset_pending()) return m_conn.reset();
  auto now = Clock::now();
  // A new TCP connection sends no data before its handshake (one RTT) is over: the whole upload
  // starts late, not just its first chunk (which would let the handshake overlap the transfer
  // and hide most of what keep-alive saves).
  if (m_first && m_upstream_bound && shared.spec.handshake) m_ready_at = now + shared.spec.rtt();
  auto sent = m_bucket.send(std::max(now, m_ready_at), n);
  Nanos delay = shared.one_way_delay();
  if (shared.chance(shared.spec.chunk_stall_probability(n))) {
    delay += shared.spec.stall_time();
    shared.stalls.fetch_add(1, std::memory_order_relaxed);
  }
  m_first = false;
  auto deliver = std::max(sent + delay, m_last_delivery);
  m_last_delivery = deliver;
  m_queue.push_back({std::vector<char>(m_read_buffer.begin(), m_read_buffer.begin() + static_cast<std::ptrdiff_t>(n)), deliver});
  m_queued_bytes += n;
  schedule();
  read();
}

void LinkPipe::schedule() {
  if (m_writing || m_timer_armed || m_queue.empty() || !m_can_write || m_done) return;
  auto& head = m_queue.front();
  if (head.deliver_at > Clock::now()) {
    m_timer_armed = true;
    m_timer.expires_at(head.deliver_at);
    m_timer.async_wait([self = m_conn.shared_from_this(), this](boost::system::error_code ec) {
      m_timer_armed = false;
      if (!ec) schedule();
    });
    return;
  }
  m_writing = true;
  asio::async_write(m_to, asio::buffer(head.bytes),
                    [self = m_conn.shared_from_this(), this](boost::system::error_code ec,
                                                             std::size_t n) { on_written(ec, n); });
}

void LinkPipe::on_written(boost::system::error_code ec, std::size_t n) {
  m_writing = false;
  if (m_done) return;
  if (ec) return m_conn.close();
  auto& counter = m_upstream_bound ? m_conn.shared().bytes_up : m_conn.shared().bytes_down;
  counter.fetch_add(n, std::memory_order_relaxed);
  m_queued_bytes -= m_queue.front().bytes.size();
  m_queue.pop_front();
  read();  // resumes when back-pressure had paused it
  schedule();
  finish_if_drained();
}

// The source closed its side: once everything before the FIN is delivered, pass the FIN on.
void LinkPipe::finish_if_drained() {
  if (!m_eof || !m_queue.empty() || m_writing || m_done) return;
  if (!m_can_write) return;  // upstream not connected yet; enable_writing() comes back here
  m_done = true;
  boost::system::error_code ignored;
  m_to.shutdown(tcp::socket::shutdown_send, ignored);
  m_conn.pipe_finished();
}

// ---- the connection ----

LinkConnection::LinkConnection(tcp::socket client, LinkShared& shared)
    : m_shared(shared), m_client(std::move(client)), m_upstream(m_client.get_executor()),
      m_up(*this, m_client, m_upstream, true), m_down(*this, m_upstream, m_client, false) {}

void LinkConnection::start() {
  m_shared.connections.fetch_add(1, std::memory_order_relaxed);
  m_blackhole = m_shared.chance(m_shared.spec.blackhole_probability);
  m_reset_pending = !m_blackhole && m_shared.chance(m_shared.spec.reset_probability);
  if (m_blackhole) m_shared.blackholes.fetch_add(1, std::memory_order_relaxed);
  m_up.start_reading();  // bytes sent before upstream is connected wait in the pipe
  if (m_blackhole) return;
  m_upstream.async_connect(m_shared.upstream,
                           [self = shared_from_this()](boost::system::error_code ec) {
                             if (self->m_closed) return;
                             if (ec) {
                               self->m_shared.upstream_failures.fetch_add(1, std::memory_order_relaxed);
                               return self->close();
                             }
                             boost::system::error_code ignored;
                             self->m_upstream.set_option(tcp::no_delay(true), ignored);
                             self->m_up.enable_writing();
                             self->m_down.enable_writing();
                             self->m_down.start_reading();
                             self->m_up.start_reading();
                           });
}

void LinkConnection::pipe_finished() {
  if (m_up.done() && m_down.done()) close();
}

void LinkConnection::reset() {
  m_shared.resets.fetch_add(1, std::memory_order_relaxed);
  boost::system::error_code ignored;
  m_client.set_option(asio::socket_base::linger(true, 0), ignored);  // close() sends RST
  close();
}

void LinkConnection::close() {
  if (m_closed) return;
  m_closed = true;
  m_up.cancel();
  m_down.cancel();
  boost::system::error_code ignored;
  m_client.close(ignored);
  m_upstream.close(ignored);
}

}  // namespace latbench::link
