#pragma once
// Which endpoint a request line addresses. Beast-free so routing is unit-tested and benchmarked
// on its own.
#include <string_view>

namespace latbench::server {

enum class Endpoint { upload, commands, healthz, stats, ws_frames, ws_stream, not_found };

struct Route {
  Endpoint endpoint = Endpoint::not_found;
  bool method_allowed = false;  // false: answer 405
  std::string_view device;      // commands: the {id} path segment (a view into the target)
};

// Matches the path of `target` (query string ignored).
Route route_request(std::string_view method, std::string_view target);

}  // namespace latbench::server
