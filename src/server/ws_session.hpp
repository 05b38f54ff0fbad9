#pragma once
// A /ws/frames WebSocket session (internal: includes Asio and Beast's HTTP types). It takes over
// the socket of the HTTP connection whose request asked for the upgrade, answers the handshake,
// then reads frames, runs each through the processing model on the model slots (one at a time,
// the rest in the session's FrameQueue under its policy), answers each one (ws_answer.hpp) and
// logs it (ws_log.hpp). It never trusts the peer: a message over max_message_bytes or a protocol
// error closes the session (1009, 1002), a frame that is not a JPEG is answered as such, a
// session with no frame for idle_timeout is closed (1001), a write the peer does not read
// within body_timeout cuts the connection, and answers waiting to be written or frames held past
// 4 x max_message_bytes stop the reading.
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <string>

#include "server/request_handler.hpp"
#include "server/session_registry.hpp"

namespace latbench::server {

class ServerContext;

// A GET whose headers ask for a WebSocket (Upgrade: websocket, Connection: upgrade).
bool is_websocket_upgrade(const Request& request);

// Starts the session on `socket` (its executor a strand), answering `upgrade`. `session_id` is
// the upgrade request's id (the logs' request_id), `client` its peer "127.0.0.1:56071".
void start_ws_frames_session(boost::asio::ip::tcp::socket socket, Request upgrade,
                             ServerContext& ctx, SessionRegistry& registry, std::string client,
                             std::uint64_t session_id);

}  // namespace latbench::server
