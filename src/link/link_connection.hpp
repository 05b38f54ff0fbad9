#pragma once
// One proxied TCP connection of the link emulator and its two directions (internal: Asio).
// Each direction reads chunks, stamps each with the time it leaves the emulated link
// (token bucket + one-way delay + jitter + stall, never before the chunk ahead of it: TCP keeps
// order) and writes it to the other side at that time.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <random>
#include <vector>

#include "link/link_emulator.hpp"
#include "link/token_bucket.hpp"

namespace latbench::link {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// State shared by all connections of one emulator; used from its single I/O thread only,
// except the counters.
struct LinkShared {
  LinkSpec spec;
  tcp::endpoint upstream;
  std::mt19937_64 rng;
  std::atomic<std::uint64_t> connections{0}, bytes_up{0}, bytes_down{0}, stalls{0}, resets{0},
      blackholes{0}, upstream_failures{0};

  bool chance(double p) { return p > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < p; }
  Nanos one_way_delay();  // delay + jitter, never negative
};

class LinkConnection;

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
  void on_read(boost::system::error_code ec, std::size_t n);
  void schedule();
  void on_written(boost::system::error_code ec, std::size_t n);
  void finish_if_drained();

  LinkConnection& m_conn;
  tcp::socket& m_from;
  tcp::socket& m_to;
  bool m_upstream_bound;  // client -> upstream
  TokenBucket m_bucket;
  asio::steady_timer m_timer;
  std::vector<char> m_read_buffer;
  std::deque<Chunk> m_queue;
  std::size_t m_queued_bytes = 0;
  Clock::time_point m_last_delivery{};
  Clock::time_point m_ready_at{};  // no byte leaves before the emulated handshake is over
  bool m_first = true;
  bool m_reading = false;
  bool m_writing = false;
  bool m_can_write = false;
  bool m_timer_armed = false;
  bool m_eof = false;
  bool m_done = false;
};

class LinkConnection : public std::enable_shared_from_this<LinkConnection> {
 public:
  LinkConnection(tcp::socket client, LinkShared& shared);
  void start();
  void close();
  // A reset fault: the client sees a RST, as when a NAT or access point drops the flow.
  void reset();
  void pipe_finished();
  LinkShared& shared() { return m_shared; }
  bool reset_pending() const { return m_reset_pending; }
  bool blackholed() const { return m_blackhole; }

 private:
  friend class LinkPipe;
  LinkShared& m_shared;
  tcp::socket m_client;
  tcp::socket m_upstream;
  LinkPipe m_up;
  LinkPipe m_down;
  bool m_blackhole = false;
  bool m_reset_pending = false;
  bool m_closed = false;
};

}  // namespace latbench::link
