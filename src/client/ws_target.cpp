#include "client/ws_target.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "core/text.hpp"

namespace latbench::client {

std::string WsTarget::host_header() const {
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("{}{}{}:{}", v6 ? "[" : "", host, v6 ? "]" : "", port);
}

bool is_ws_url(std::string_view url) { return starts_with_nocase(url, "ws://") || starts_with_nocase(url, "wss://"); }

Result<WsTarget> parse_ws_target(std::string_view url) {
  WsTarget t;
  std::string_view rest;
  if (starts_with_nocase(url, "ws://")) {
    rest = url.substr(5);
  } else if (starts_with_nocase(url, "wss://")) {
    t.scheme = WsScheme::wss;
    t.port = 443;
    rest = url.substr(6);
  } else {
    return usage_error(fmt::format("url: '{}': expected ws://HOST[:PORT]/PATH or wss://...", url));
  }
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  t.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (t.target.front() == '?') t.target = "/" + t.target;  // (insert(0, "/") trips GCC 12's -Wrestrict)
  if (authority.find('@') != std::string_view::npos)
    return usage_error(fmt::format("url: '{}': user info (user@) is not supported", url));
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return usage_error(fmt::format("url: '{}': expected ']' after an IPv6 address", url));
    t.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return usage_error(fmt::format("url: '{}': expected ':PORT' after ']'", url));
      port_text = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    t.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (t.host.empty()) return usage_error(fmt::format("url: '{}': expected a host", url));
  if (!port_text.empty() || authority.back() == ':') {
    unsigned port = 0;
    const auto r = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || r.ec != std::errc() || r.ptr != port_text.data() + port_text.size() || port == 0 || port > 65535)
      return usage_error(fmt::format("url: '{}': expected a port from 1 to 65535", url));
    t.port = static_cast<std::uint16_t>(port);
  }
  return t;
}

}  // namespace latbench::client
