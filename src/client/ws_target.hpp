#pragma once
// A WebSocket target URL: ws://HOST[:PORT][/PATH] or wss://... (default ports 80 and 443, path
// "/"). IPv6 literals in brackets ("ws://[::1]:9000/ws").
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace latbench::client {

enum class WsScheme { ws, wss };

struct WsTarget {
  WsScheme scheme = WsScheme::ws;
  std::string host;      // without brackets
  std::uint16_t port = 80;
  std::string target;    // path and query, "/" at least
  std::string host_header() const;  // "host:port", brackets back for IPv6
};

// True for a ws:// or wss:// URL (the transport to use), case-insensitive scheme.
bool is_ws_url(std::string_view url);

// Errors (usage) start with "url: " and say what was expected.
Result<WsTarget> parse_ws_target(std::string_view url);

}  // namespace latbench::client
