#pragma once
// One proxied TCP connection of the link emulator and its two directions (internal: Asio).
// Each direction reads chunks, stamps each with the time it leaves the emulated link
// (token bucket + one-way delay + jitter + stall, never before the chunk ahead of it: TCP keeps
// order) and writes it to the other side at that time.
//
// A direction takes bytes from its source no faster than the link transmits them (the next read
// waits until the token bucket has paid for the last one) and holds at most its window: with
// the small socket buffers the emulator asks for, the source's send() blocks as it would behind a
// real bottleneck, and memory per connection is bounded by the window, not by the source's speed.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "link/link_draws.hpp"
#include "link/link_emulator.hpp"
#include "link/token_bucket.hpp"

namespace latbench::link {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// State shared by all connections of one emulator; used from its single I/O thread only,
// except the counters.
struct LinkShared {
  explicit LinkShared(LinkSpec s);
  LinkSpec spec;  // its seed is always set
  LinkDraws draws;
  tcp::endpoint upstream;
  std::vector<char> scratch;  // every read lands here first (one I/O thread), then is copied exactly
  std::atomic<std::uint64_t> connections{0}, bytes_up{0}, bytes_down{0}, stalls{0}, resets{0},
      blackholes{0}, upstream_failures{0};
  std::atomic<std::uint64_t> held{0}, held_peak{0};  // bytes queued in all pipes

  bool chance(std::uint64_t connection, DrawKind kind, double p) const {
    return p > 0 && draws.uniform(connection, kind, 0) < p;
  }
  // delay + jitter for the segment `segment` of a direction's stream, never negative
  Nanos one_way_delay(std::uint64_t connection, bool up, std::uint64_t segment) const;
  void hold(std::ptrdiff_t bytes);
};

class LinkConnection;

// SO_RCVBUF for the socket a direction of `bits_per_s` reads from: about one read's worth (5 ms
// of link time, 4..64 KiB), so its source cannot get far ahead of the emulated link; nullopt
// (the kernel's autotuning) for an unlimited direction.
std::optional<std::size_t> receive_buffer_bytes(double bits_per_s);

class LinkPipe {
 public:
  LinkPipe(LinkConnection& conn, tcp::socket& from, tcp::socket& to, bool upstream_bound);
  void start_reading();
  void enable_writing();  // the destination is connected
  bool done() const { return m_done; }
  void cancel();

 private:
  struct Chunk {
    std::vector<char> bytes;
    Clock::time_point deliver_at;
  };
  void read();
  void on_readable(boost::system::error_code ec);
  void on_data(std::size_t n);
  void schedule();
  void on_written(boost::system::error_code ec, std::size_t n);
  void finish_if_drained();
  // Before the destination is connected, one chunk (the first bytes, for the handshake's and
  // the reset fault's sake); then the window.
  std::size_t limit() const { return m_can_write ? m_window : m_chunk; }

  LinkConnection& m_conn;
  tcp::socket& m_from;
  tcp::socket& m_to;
  bool m_upstream_bound;  // client -> upstream
  TokenBucket m_bucket;
  asio::steady_timer m_timer;       // the head chunk's delivery
  asio::steady_timer m_read_timer;  // the next read, once the link has sent the last one
  std::size_t m_chunk;              // bytes per read: about 5 ms of link time
  std::size_t m_window;             // bytes held at most (in flight on the emulated link)
  Clock::duration m_lead;           // a read's worth of link time: how far reads run ahead
  std::deque<Chunk> m_queue;
  std::size_t m_queued_bytes = 0;
  std::uint64_t m_offset = 0;       // bytes of this direction's stream read so far
  Clock::time_point m_last_delivery{};
  Clock::time_point m_ready_at{};  // no byte leaves before the emulated handshake is over
  bool m_first = true;
  bool m_reading = false;
  bool m_read_timer_armed = false;
  bool m_writing = false;
  bool m_can_write = false;
  bool m_timer_armed = false;
  bool m_eof = false;
  bool m_done = false;
};

class LinkConnection : public std::enable_shared_from_this<LinkConnection> {
 public:
  // `id`: the connection's number in accept order, which keys its random draws.
  LinkConnection(tcp::socket client, LinkShared& shared, std::uint64_t id);
  void start();
  void close();
  // A reset fault: the client sees a RST, as when a NAT or access point drops the flow.
  void reset();
  void pipe_finished();
  LinkShared& shared() { return m_shared; }
  std::uint64_t id() const { return m_id; }
  bool reset_pending() const { return m_reset_pending; }
  bool blackholed() const { return m_blackhole; }

 private:
  friend class LinkPipe;
  LinkShared& m_shared;
  std::uint64_t m_id;
  tcp::socket m_client;
  tcp::socket m_upstream;
  LinkPipe m_up;
  LinkPipe m_down;
  bool m_blackhole = false;
  bool m_reset_pending = false;
  bool m_closed = false;
};

}  // namespace latbench::link
