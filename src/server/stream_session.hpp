#pragma once
// A /ws/stream viewer (internal: Asio and Beast's HTTP types). It takes over the socket of the
// HTTP connection that asked for the upgrade, answers the handshake, joins the StreamHub and
// writes every frame the producer queues for it, one at a time. It reads all along: a first text
// message (a subscribe message) or any later one is logged and ignored, a close ends the viewer.
// A write the viewer does not take within body_timeout cuts it; a message over 64 KiB or a
// protocol error closes it (1009, 1002). On stop it closes with 1001 after the write in progress.
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <string>

#include "server/request_handler.hpp"
#include "server/session_registry.hpp"

namespace latbench::server {

class ServerContext;

// Starts the viewer on `socket` (its executor a strand), answering `upgrade`. `viewer_id` is the
// upgrade request's id, `client` its peer "127.0.0.1:56071".
void start_ws_stream_session(boost::asio::ip::tcp::socket socket, Request upgrade, ServerContext& ctx,
                             SessionRegistry& registry, std::string client, std::uint64_t viewer_id);

}  // namespace latbench::server
