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
  return std::clamp<std::size_t>(five_ms, k_segment_bytes, 65536);
}

// Bytes a direction holds at most: what is in flight on the emulated link (twice the
// bandwidth-delay product, jitter included, so a window never throttles a link below its rate)
// plus a chunk waiting for it; at least 64 KiB (an unscaled TCP window). Unlimited: 256 KiB,
// which caps an unlimited link with delay d at 256 KiB / d, as a window would.
std::size_t window_size(const LinkSpec& spec, double bits_per_s) {
  if (bits_per_s <= 0) return 256 * 1024;
  const double in_flight_s = to_ms(spec.delay + 3 * spec.jitter) / 1000.0;
  const double bdp = bits_per_s / 8 * in_flight_s;
  const double window = 2 * bdp + 2 * static_cast<double>(chunk_size(bits_per_s));
  return static_cast<std::size_t>(std::clamp(window, 65536.0, 4.0 * 1024 * 1024));
}

constexpr DrawKind stall_kind(bool up) { return up ? DrawKind::stall_up : DrawKind::stall_down; }

}  // namespace

std::optional<std::size_t> receive_buffer_bytes(double bits_per_s) {
  if (bits_per_s <= 0) return std::nullopt;
  return std::clamp<std::size_t>(chunk_size(bits_per_s), 4096, 65536);
}

LinkShared::LinkShared(LinkSpec s) : spec(std::move(s)), draws(spec.seed.value_or(0)), scratch(65536) {}

Nanos LinkShared::one_way_delay(std::uint64_t connection, bool up, std::uint64_t segment) const {
  double ms = to_ms(spec.delay);
  double j = to_ms(spec.jitter);
  if (j > 0) {
    const auto kind = up ? DrawKind::jitter_up : DrawKind::jitter_down;
    ms += spec.jitter_shape == JitterShape::uniform ? (2 * draws.uniform(connection, kind, segment) - 1) * j
                                                    : draws.normal(connection, kind, segment) * j;
  }
  return from_ms(std::max(0.0, ms));
}

void LinkShared::hold(std::ptrdiff_t bytes) {
  auto now = held.fetch_add(static_cast<std::uint64_t>(bytes), std::memory_order_relaxed) +
             static_cast<std::uint64_t>(bytes);
  if (bytes > 0 && now > held_peak.load(std::memory_order_relaxed))
    held_peak.store(now, std::memory_order_relaxed);  // one I/O thread: no lost update
}

// ---- one direction ----

LinkPipe::LinkPipe(LinkConnection& conn, tcp::socket& from, tcp::socket& to, bool upstream_bound)
    : m_conn(conn), m_from(from), m_to(to), m_upstream_bound(upstream_bound),
      m_bucket(upstream_bound ? conn.shared().spec.up_bits_per_s : conn.shared().spec.down_bits_per_s,
               conn.shared().spec.burst_bytes),
      m_timer(from.get_executor()), m_read_timer(from.get_executor()),
      m_chunk(chunk_size(upstream_bound ? conn.shared().spec.up_bits_per_s : conn.shared().spec.down_bits_per_s)),
      m_window(window_size(conn.shared().spec,
                           upstream_bound ? conn.shared().spec.up_bits_per_s : conn.shared().spec.down_bits_per_s)),
      m_lead(m_bucket.unlimited() ? Clock::duration{0}
                                  : std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                        static_cast<double>(m_chunk) * 8 /
                                        (upstream_bound ? conn.shared().spec.up_bits_per_s
                                                        : conn.shared().spec.down_bits_per_s)))) {}

void LinkPipe::start_reading() { read(); }

void LinkPipe::enable_writing() {
  m_can_write = true;
  schedule();
  finish_if_drained();
}

void LinkPipe::cancel() {
  m_timer.cancel();
  m_read_timer.cancel();
  m_done = true;
  // The chunks stay allocated until the connection goes: a write in progress may point at one.
  m_conn.shared().hold(-static_cast<std::ptrdiff_t>(m_queued_bytes));
  m_queued_bytes = 0;
}

// Reads when the source is readable, the window has room and the link has transmitted what was
// read before; otherwise the bytes stay in the kernel, whose small buffer pushes back on the
// source.
void LinkPipe::read() {
  if (m_reading || m_read_timer_armed || m_eof || m_done || m_queued_bytes >= limit()) return;
  if (!m_conn.blackholed()) {
    // One read ahead of the link: the next chunk is taken while the last is still being sent, so
    // a late wake-up (a loaded machine) does not leave the emulated link idle (the bucket keeps
    // no more than its burst of unused time) and slow it below its rate.
    const auto wake = m_bucket.paid_at() - m_lead;
    if (wake > Clock::now()) {
      m_read_timer_armed = true;
      m_read_timer.expires_at(wake);
      m_read_timer.async_wait([self = m_conn.shared_from_this(), this](boost::system::error_code ec) {
        m_read_timer_armed = false;
        if (!ec) read();
      });
      return;
    }
  }
  m_reading = true;
  m_from.async_wait(tcp::socket::wait_read, [self = m_conn.shared_from_this(), this](boost::system::error_code ec) {
    on_readable(ec);
  });
}

void LinkPipe::on_readable(boost::system::error_code ec) {
  m_reading = false;
  if (m_done) return;
  if (ec) return m_conn.close();
  auto& scratch = m_conn.shared().scratch;
  if (m_queued_bytes >= limit()) return read();  // defensive: read() waits for room
  const std::size_t room = std::min({m_chunk, limit() - m_queued_bytes, scratch.size()});
  if (!m_from.non_blocking()) m_from.non_blocking(true, ec);
  std::size_t n = m_from.read_some(asio::buffer(scratch.data(), room), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) return read();
  if (ec == asio::error::eof) {
    if (m_conn.blackholed()) return m_conn.close();
    m_eof = true;
    return finish_if_drained();
  }
  if (ec) return m_conn.close();
  on_data(n);
}

void LinkPipe::on_data(std::size_t n) {
  auto& shared = m_conn.shared();
  if (m_conn.blackholed()) return read();  // swallowed
  if (m_upstream_bound && m_first && m_conn.reset_pending()) return m_conn.reset();
  auto now = Clock::now();
  // A new TCP connection sends no data before its handshake (one RTT) is over: the whole upload
  // starts late, not just its first chunk (which would let the handshake overlap the transfer
  // and hide most of what keep-alive saves).
  if (m_first && m_upstream_bound && shared.spec.handshake) m_ready_at = now + shared.spec.rtt();
  auto sent = m_bucket.send(std::max(now, m_ready_at), n);
  // Draws by position in the stream: the segments that start in this chunk may stall; the delay
  // is the one of the segment holding the chunk's last byte.
  const std::uint64_t first_segment = (m_offset + k_segment_bytes - 1) / k_segment_bytes;
  const std::uint64_t end_segment = (m_offset + n + k_segment_bytes - 1) / k_segment_bytes;
  Nanos delay = shared.one_way_delay(m_conn.id(), m_upstream_bound, (m_offset + n - 1) / k_segment_bytes);
  if (shared.spec.stall_probability > 0) {
    for (auto k = first_segment; k < end_segment; ++k) {
      if (shared.draws.uniform(m_conn.id(), stall_kind(m_upstream_bound), k) < shared.spec.stall_probability) {
        delay += shared.spec.stall_time();
        shared.stalls.fetch_add(1, std::memory_order_relaxed);
        break;  // one retransmission timeout per chunk: its segments are repaired together
      }
    }
  }
  m_offset += n;
  m_first = false;
  auto deliver = std::max(sent + delay, m_last_delivery);
  m_last_delivery = deliver;
  m_queue.push_back({std::vector<char>(shared.scratch.begin(), shared.scratch.begin() + static_cast<std::ptrdiff_t>(n)), deliver});
  m_queued_bytes += n;
  shared.hold(static_cast<std::ptrdiff_t>(n));
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
  const std::size_t size = m_queue.front().bytes.size();
  m_queued_bytes -= size;
  m_conn.shared().hold(-static_cast<std::ptrdiff_t>(size));
  m_queue.pop_front();
  read();  // resumes when the window was full
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

LinkConnection::LinkConnection(tcp::socket client, LinkShared& shared, std::uint64_t id)
    : m_shared(shared), m_id(id), m_client(std::move(client)), m_upstream(m_client.get_executor()),
      m_up(*this, m_client, m_upstream, true), m_down(*this, m_upstream, m_client, false) {}

void LinkConnection::start() {
  m_shared.connections.fetch_add(1, std::memory_order_relaxed);
  m_blackhole = m_shared.chance(m_id, DrawKind::blackhole, m_shared.spec.blackhole_probability);
  m_reset_pending = !m_blackhole && m_shared.chance(m_id, DrawKind::reset, m_shared.spec.reset_probability);
  if (m_blackhole) m_shared.blackholes.fetch_add(1, std::memory_order_relaxed);
  m_up.start_reading();  // bytes sent before upstream is connected wait in the pipe
  if (m_blackhole) return;
  boost::system::error_code opened;
  m_upstream.open(m_shared.upstream.protocol(), opened);
  if (opened) {
    m_shared.upstream_failures.fetch_add(1, std::memory_order_relaxed);
    return close();
  }
  // A slow down link reads the server no faster than it transmits: a small receive buffer,
  // asked for before connecting (the window scale is fixed by the SYN), lets that push back.
  if (auto bytes = receive_buffer_bytes(m_shared.spec.down_bits_per_s))
    m_upstream.set_option(asio::socket_base::receive_buffer_size(static_cast<int>(*bytes)), opened);
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
