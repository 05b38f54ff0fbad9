#include "server/routes.hpp"

namespace latbench::server {

Route route_request(std::string_view method, std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  Route r;
  auto allow = [&](Endpoint e, std::string_view wanted) {
    r.endpoint = e;
    r.method_allowed = method == wanted;
    return r;
  };
  if (path == "/api/devices/file/image") return allow(Endpoint::upload, "POST");
  if (path == "/healthz") return allow(Endpoint::healthz, "GET");
  if (path == "/stats") return allow(Endpoint::stats, "GET");
  if (path == "/ws/frames") return allow(Endpoint::ws_frames, "GET");  // a WebSocket upgrade
  if (path == "/ws/stream") return allow(Endpoint::ws_stream, "GET");  // a WebSocket upgrade
  constexpr std::string_view prefix = "/api/devices/";
  constexpr std::string_view suffix = "/commands";
  if (path.size() > prefix.size() + suffix.size() && path.substr(0, prefix.size()) == prefix &&
      path.substr(path.size() - suffix.size()) == suffix) {
    auto id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (id.find('/') == std::string_view::npos) {
      r.device = id;
      return allow(Endpoint::commands, "POST");
    }
  }
  return r;
}

}  // namespace latbench::server
