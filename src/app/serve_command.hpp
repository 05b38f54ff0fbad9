#pragma once
// `latbench serve` end to end: the reference server, behind the link emulator when a link is
// given (clients then connect to the emulator on the asked port, the server takes an ephemeral
// one), until the caller's wait returns; then both are stopped, in-flight requests finished.
// The CLI fills ServeRequest, owns the signals and prints.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "link/link_spec.hpp"
#include "server/reference_server.hpp"

namespace latbench::app {

struct ServeRequest {
  server::ServerOptions options;
  std::optional<link::LinkSpec> link;  // unset: clients reach the server directly
};

// Where the server listens once it does.
struct ServeReady {
  std::uint16_t port = 0;              // what clients connect to (the emulator's, with a link)
  std::uint16_t server_port = 0;       // the server's own
  std::string link_name, link_spec;    // with a link: its name and its spec, seed included
};

struct ServeHooks {
  std::function<void(const ServeReady&)> on_ready;
  std::function<void()> wait;          // returns when serving should stop (the CLI: a signal)
};

struct ServeOutcome {
  server::ServerCounters counters;     // the server's, after it stopped
};

// Throws latbench::Error when the port cannot be bound.
ServeOutcome run_serve(ServeRequest request, const ServeHooks& hooks);

}  // namespace latbench::app
