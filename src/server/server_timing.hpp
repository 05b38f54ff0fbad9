#pragma once
// The server's own account of a request, sent back in a W3C Server-Timing header so the client
// can split its latency into server time vs network + overhead:
//   Server-Timing: recv;dur=0.1, queue;dur=0, decode;dur=2.1, infer;dur=40, post;dur=0.2, total;dur=42.5
#include <string>

#include "core/duration.hpp"

namespace latbench::server {

// recv: request header parsed -> body read and image extracted; queue: waiting for a model slot;
// decode/infer/post: the processing model; total: header parsed -> response handed to the socket.
// In async mode the answer leaves before processing, so queue/decode/infer/post are 0 there.
struct StageTimes {
  Nanos recv{0};
  Nanos queue{0};
  Nanos decode{0};
  Nanos infer{0};
  Nanos post{0};
  Nanos total{0};
};

// The header value (ms with up to 3 decimals, trailing zeros dropped: "infer;dur=40").
std::string format_server_timing(const StageTimes& t);

}  // namespace latbench::server
