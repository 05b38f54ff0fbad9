#pragma once
// One HTTP/1.1 connection of the reference server (internal: includes Asio). A session reads
// requests one after another (keep-alive), with idle / header / body timeouts, hands images to
// the processing model and writes the answers; a WebSocket upgrade on /ws/frames hands the
// socket over to a frames session (ws_session.hpp). The registry lets stop() finish them
// gracefully.
#include <boost/asio/ip/tcp.hpp>

#include "server/session_registry.hpp"

namespace latbench::server {

class ServerContext;

// Takes over an accepted socket (whose executor should be a strand) and serves it.
void start_session(boost::asio::ip::tcp::socket socket, ServerContext& ctx,
                   SessionRegistry& registry);

}  // namespace latbench::server
