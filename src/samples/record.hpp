#pragma once
// One request as the driver saw it: the record behind every line of samples.jsonl (fields, units
// and rules in docs/samples.md). Times are milliseconds; start times are relative to the run's
// start, phases are durations from the request's own start (libcurl's *_TIME_T semantics).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samples/server_stages.hpp"

namespace latbench::samples {

enum class ConnUse { fresh, reused };  // "new" | "reused" on disk ("new" is a C++ keyword)

// Why a request failed. A request with an HTTP status >= 400 got an answer, but a bad one.
// dropped: the server shed it (a 5xx saying so, client/drop_signal.hpp); empty_reply: the server
// closed the connection without a byte of answer (libcurl's CURLE_GOT_NOTHING); https:
// `certificate` when the server's certificate was not trusted (self-signed, unknown CA, wrong
// name), `tls_handshake` when the TLS handshake failed for another reason. WebSocket frames:
// `closed` when the session ended (the peer closed it, or the connection broke) before the
// frame's answer, `protocol` when the peer sent what the answer rule cannot read (not JSON or
// msgpack, no id, a message above the maximum) or refused the upgrade, `unmatched` when an
// answer came whose id no pending frame has (the frame it ends is the oldest pending one).
enum class ErrorClass {
  none, refused, timeout, reset, dns, http_4xx, http_5xx, dropped, empty_reply, certificate, tls_handshake,
  closed, protocol, unmatched, other
};

// The on-disk names ("refused", ...); "none" for ErrorClass::none (written as JSON null).
std::string_view error_class_name(ErrorClass e);
std::optional<ErrorClass> parse_error_class(std::string_view name);
// Every class but none, in a stable order (for summaries and tests).
const std::vector<ErrorClass>& all_error_classes();

// What a frame pushed down to a viewer adds to its line (direction "down", issue 17;
// docs/samples.md). Times in ms; arrival since the run's start.
struct WsDownFields {
  double arrival_ms = 0;
  std::optional<double> gap_ms;           // since the session's previous frame; none on its first
  // arrival - the sender's timestamp (same clock), less clock_offset_ms when one was estimated;
  // none when the frame carries no timestamp.
  std::optional<double> frame_age_ms;
  std::optional<double> clock_offset_ms;  // the estimate subtracted (target not on this machine)
  std::uint64_t missing_frames = 0;       // ids skipped just before this frame (a later one may fill one)
  friend bool operator==(const WsDownFields&, const WsDownFields&) = default;
};

// What a WebSocket frame adds to its line (transport "ws", direction "up" or "down"; docs/samples.md).
struct WsFrameFields {
  std::uint64_t frame_id = 0;   // as sent in the frame
  std::uint64_t session = 0;    // the device's session: 0, then +1 per reconnect
  std::uint64_t pending = 0;    // frames of the session awaiting an answer when this one was sent
  std::optional<double> upgrade_ms;       // the session's first frame: the HTTP upgrade's duration
  std::optional<double> first_answer_ms;  // the session's first answer: upgrade done to this answer
  std::optional<WsDownFields> down;       // set: a frame the server pushed (direction "down")
  friend bool operator==(const WsFrameFields&, const WsFrameFields&) = default;
};

struct Sample {
  std::uint64_t seq = 0;
  unsigned device = 0;
  ConnUse conn = ConnUse::fresh;
  bool warmup = false;
  double intended_start_ms = 0;
  double start_ms = 0;
  std::optional<double> dns_ms, connect_ms, upload_ms, ttfb_ms;
  // https on a new connection: the TLS handshake's own duration (libcurl's APPCONNECT - CONNECT),
  // not an instant like the phases above; a reused connection has none.
  std::optional<double> tls_ms;
  double total_ms = 0;
  std::uint64_t bytes_up = 0;    // request line + headers + body, as sent
  std::uint64_t bytes_down = 0;  // response headers + body
  int status = 0;                // 0: no HTTP answer
  ErrorClass error = ErrorClass::none;
  std::vector<TimingMetric> server;            // Server-Timing stages, in the server's order
  // total - server processing (server_processing_ms: its total less its recv), when the server
  // sent a total: the body's transfer counts here, not as server time.
  std::optional<double> network_overhead_ms;
  std::optional<double> latency_from_intended_ms;  // open loop only: end - intended start
  std::optional<WsFrameFields> ws;  // set: a frame over WebSocket; unset: an HTTP upload

  // The server's "total" stage, when it sent one.
  std::optional<double> server_total_ms() const;
  // The server's processing time by the rule of server_stages.hpp (total - recv).
  std::optional<double> server_processing_ms() const { return samples::server_processing_ms(server); }
};

}  // namespace latbench::samples
