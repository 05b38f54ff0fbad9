#pragma once
// A TCP proxy on loopback that makes a connection behave like a network path (LinkSpec):
// one-way delay + jitter per direction, bandwidth token buckets, the handshake RTT of a new
// connection, retransmission-timeout stalls, resets and black holes. Put it between a client and
// any upstream:
//
//   auto spec = link::resolve_link("wifi", link::default_link_presets_path()).take();
//   link::LinkEmulator emu(spec, "127.0.0.1", server.port());
//   emu.start();                       // listens on 127.0.0.1:<emu.port()>
//   ... point the client at http://127.0.0.1:<emu.port()> ...
//   emu.stop();
//
// Asio stays inside the .cpp files.
#include <cstdint>
#include <memory>
#include <string>

#include "link/link_spec.hpp"

namespace latbench::link {

struct LinkCounters {
  std::uint64_t connections = 0;
  std::uint64_t bytes_up = 0;     // client -> upstream, forwarded
  std::uint64_t bytes_down = 0;   // upstream -> client, forwarded
  std::uint64_t stalls = 0;
  std::uint64_t resets = 0;
  std::uint64_t blackholes = 0;
  std::uint64_t upstream_failures = 0;  // upstream refused / unreachable: client connection closed
  std::uint64_t held_peak_bytes = 0;    // most bytes held at once, all connections and directions
};

class LinkEmulator {
 public:
  // listen_port 0: an ephemeral port (read it from port() after start()).
  LinkEmulator(LinkSpec spec, std::string upstream_host, std::uint16_t upstream_port,
               std::uint16_t listen_port = 0, std::string bind = "127.0.0.1");
  ~LinkEmulator();  // stop()
  LinkEmulator(const LinkEmulator&) = delete;
  LinkEmulator& operator=(const LinkEmulator&) = delete;

  // Resolves the upstream, binds and starts forwarding on a background thread. Throws
  // latbench::Error (usage) naming the address that cannot be bound or resolved.
  void start();
  // Closes the listener and every proxied connection, joins the thread. Idempotent.
  void stop();

  std::uint16_t port() const;
  LinkCounters counters() const;
  // The spec applied; its seed is set (the one given, or the fresh one drawn at construction).
  const LinkSpec& spec() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace latbench::link
