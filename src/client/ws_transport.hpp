#pragma once
// The WebSocket frames transport: one session per device (ws_session.hpp), a unit per frame.
// A unit starts by encoding the frame (frames/framing.hpp: frame_id = the unit's seq, timestamp =
// the wall clock in ms, device = prefix + index) and writing it; it ends with its answer (paired
// in order or by id, frames/answer_rule.hpp), the plan's timeout, or the session's end:
//   closed     the session ended (peer closed, connection broke) before the answer;
//   protocol   the peer sent a message the rule cannot read (the oldest pending frame ends with
//              it), a message above max_message, or refused the upgrade;
//   unmatched  an answer with an id no pending frame has, nor one recently timed out (the
//              oldest pending frame ends with it, so a server echoing wrong ids shows as such
//              rather than as timeouts);
//   refused / dns / reset / certificate / tls_handshake / timeout while opening, as for HTTP.
// Answers for frames that already timed out are counted (late) and dropped. Messages that the
// rule says are not answers are counted (ignored). A session is opened by the first frame that
// needs it (after a failure, the next frame opens a new one); with reconnect_every N, the N+1th
// frame opens a new session and the old one closes once its pending frames ended.
// Samples: conn new on a session's first frame, with dns/connect instants and tls/upgrade
// durations; upload = the frame handed to the kernel, total = its answer (the RTT); status 101
// (the session's upgrade) when answered, 0 otherwise; bytes including WebSocket framing (client
// frames masked; one frame per message assumed for answers; the upgrade's own bytes are not
// counted); server stages = the answer's timings; ws fields (frame_id, session, pending,
// upgrade_ms, first_answer_ms) per samples/record.hpp.
// advance() polls the io_context; wait() runs it for at most the given time. Single-threaded.
#include <cstdint>
#include <memory>

#include "client/driver.hpp"
#include "client/transport.hpp"
#include "client/ws_options.hpp"

namespace latbench::client {

// Frames one device may have pending (the driver's slots): max_in_flight in open loop (0:
// unlimited), 1 in closed loop, as a browser's pending counter.
unsigned ws_slots_per_device(const DriverPlan& plan);

// What the transport counted beside the samples.
struct WsCounters {
  std::uint64_t sessions = 0;    // opened (attempted), reconnects included
  std::uint64_t reconnects = 0;  // sessions closed on purpose by reconnect_every
  std::uint64_t ignored = 0;     // messages the answer rule says are not answers
  std::uint64_t late = 0;        // answers for frames that had already timed out
  std::uint64_t orphans = 0;     // answers or bad messages with no frame pending to pair

  // Several transports of one run (--threads) add up; a new counter is added here too.
  WsCounters& operator+=(const WsCounters& o) {
    sessions += o.sessions;
    reconnects += o.reconnects;
    ignored += o.ignored;
    late += o.late;
    orphans += o.orphans;
    return *this;
  }
};

class WsTransport : public Transport {
 public:
  virtual WsCounters counters() const = 0;
};

// A transport for `plan` (url ws:// or wss://, bodies = the JPEGs as sent, i.e. raw encoding,
// devices, timeout, tls, device_id_prefix) and `options`, both of which must outlive it. Throws
// latbench::Error (usage) for a URL that is not ws:// or wss://, (input) for an unusable CA file.
std::unique_ptr<WsTransport> make_ws_transport(const DriverPlan& plan, const WsOptions& options);

}  // namespace latbench::client
