#pragma once
// One WebSocket session to the target (Boost.Beast over Asio TCP, or over OpenSSL for wss://):
// resolve, connect, TLS and the HTTP upgrade, each timed; then messages written one at a time
// in send order, and every incoming message handed over as it arrives. Callbacks run inside the
// io_context's poll/run (the caller's thread); the session never blocks and owns no thread.
// Heavy headers stay in ws_session.cpp.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client/run_config.hpp"
#include "client/ws_target.hpp"
#include "frames/framing.hpp"
#include "samples/record.hpp"

namespace boost::asio {
class io_context;
}

namespace latbench::client {

using WsClock = std::chrono::steady_clock;

// When each step of opening a session ended (unset: not reached).
struct WsOpenTimes {
  WsClock::time_point begin;
  std::optional<WsClock::time_point> resolved, connected, tls_done, upgraded;
};

class WsSessionEvents {
 public:
  virtual void on_open(std::uint64_t session) = 0;
  // The session failed (open, read or write) or the peer closed it: no more callbacks follow.
  // `reached_peer`: TCP had connected.
  virtual void on_failed(std::uint64_t session, samples::ErrorClass error, const std::string& detail) = 0;
  // The message sent with `token` was handed to the kernel, with its bytes on the wire.
  virtual void on_sent(std::uint64_t session, std::uint64_t token, std::uint64_t wire_bytes) = 0;
  // A whole message; `data` is valid during the call only. `wire_bytes` counts its framing.
  virtual void on_message(std::uint64_t session, std::string_view data, frames::MessageKind kind,
                          std::uint64_t wire_bytes) = 0;
  // A graceful close (close()) completed or gave up.
  virtual void on_closed(std::uint64_t session) = 0;

 protected:
  ~WsSessionEvents() = default;
};

// Made by make_ws_session; always held by shared_ptr (its handlers share it).
class WsSession {
 public:
  virtual ~WsSession() = default;
  virtual void open() = 0;
  // Queued until the session is open; written in order, one at a time.
  virtual void send(std::string bytes, frames::MessageKind kind, std::uint64_t token) = 0;
  // The closing handshake (then on_closed); pending writes are dropped.
  virtual void close() = 0;
  virtual const WsOpenTimes& times() const = 0;
  virtual bool tcp_connected() const = 0;
  // No more callbacks; the socket is closed. Operations still queued end without effect (they
  // keep the session alive until then, so dropping the last pointer afterwards is safe).
  virtual void discard() = 0;
};

// The TLS context every wss:// session of a transport shares (verify or skip, CA file).
class WsTlsContext;
std::shared_ptr<WsTlsContext> make_ws_tls_context(const TlsOptions& tls);

std::shared_ptr<WsSession> make_ws_session(boost::asio::io_context& io, const WsTarget& target,
                                           const std::shared_ptr<WsTlsContext>& tls,
                                           std::size_t max_message, std::uint64_t id,
                                           WsSessionEvents& events);

// Bytes RFC 6455 puts around a payload of `n` bytes in one frame: 2, +2 from 126 bytes, +8 from
// 65536; +4 for the mask every client-to-server frame carries.
constexpr std::uint64_t ws_frame_overhead(std::uint64_t n, bool masked) {
  return 2 + (n >= 65536 ? 8 : n >= 126 ? 2 : 0) + (masked ? 4 : 0);
}

}  // namespace latbench::client
