#pragma once
// Everything one `latbench run` needs, as plain data with the defaults users get. The CLI and
// profiles fill it; the engine (app/run_workload.hpp) never sees a flag name.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/duration.hpp"
#include "core/wall_time.hpp"
#include "client/schedule.hpp"
#include "client/shard.hpp"
#include "payload/encoding.hpp"
#include "server/reference_server.hpp"

namespace latbench::client {

enum class ConnectionMode {
  fresh,       // "new": a fresh TCP connection per upload, closed after it (the ESP32 default)
  persistent,  // one keep-alive connection per device
  pool,        // up to Connection::pool keep-alive connections per device
};

// How a device connects, as `connection: pool=4` says it: the mode and, for a pool, its size.
struct Connection {
  ConnectionMode mode = ConnectionMode::fresh;
  unsigned pool = 1;  // connections per device with ConnectionMode::pool; 1 otherwise
  bool operator==(const Connection&) const = default;
};

// up: the devices send frames (uploads, WebSocket frames and their answers); down: viewers
// receive the frames a WebSocket server pushes (issue 17, client/viewer_run.hpp).
enum class Direction { up, down };

// Whether uploads announce their body with "Expect: 100-continue" and wait for the server's 100
// before sending it. Devices don't (off): the wait costs a round trip.
enum class ExpectContinue { off, on };

// The embedded server's model time when neither --infer nor a profile's server.infer sets one:
// a small YOLO on a GPU, 40 ms mean and 5 ms SD as in profiles/*.yaml, drawn lognormal rather than
// normal because measured inference times are positive and skewed right (samples/ultralytics.log:
// 36.7-41.7 ms after warm-up, median 37.3 ms below the mean), so a sample never goes below 0.
inline constexpr const char* k_embedded_infer = "lognormal(40ms,5ms)";
server::ServerOptions embedded_server_defaults();

// https targets: whether the server's certificate is checked, and against which CAs.
enum class PeerCheck { verify, skip };  // skip: no certificate or host name check (tunnels, tests)
struct TlsOptions {
  PeerCheck peer = PeerCheck::verify;
  // PEM file of the CA certificates to trust instead of the system's (a self-signed server's own
  // certificate works); empty: the system's store.
  std::filesystem::path ca_file;
};

// The workload itself: what the driver runs, whoever built it. RunConfig (a run's options) and
// DriverPlan (what the driver gets) both are one, so a plan takes the run's workload in one
// assignment: an option the driver needs is added here once, not copied field by field.
struct Workload {
  unsigned devices = 1;
  std::uint64_t requests = 100;          // total over all devices, warm-up excluded; 0 with a duration: until it ends
  std::optional<Nanos> duration;         // stop scheduling after this long (requests then caps)
  std::uint64_t warmup = 0;              // extra first requests, kept out of the statistics
  Connection connection;
  // Open loop at schedule.rate_per_s per device, else closed loop with schedule.think between
  // answer and next send; schedule.max_in_flight per device, 0: 1 in closed loop, unlimited in
  // open loop.
  ScheduleConfig schedule;
  Nanos timeout = std::chrono::seconds(5);  // the ESP32 HTTP client's default
  std::vector<std::string> headers;      // extra "Name: value" headers
  std::string device_id_prefix = "latbench-";  // X-Device-Id: <prefix><device index>
  // A shard's devices keep their index in the whole fleet (client/shard.hpp): the driver's
  // device j is device first_device + j * device_stride of the fleet, in samples and ids.
  unsigned first_device = 0;
  unsigned device_stride = 1;
  unsigned fleet_device(unsigned local) const { return first_device + local * device_stride; }
  ExpectContinue expect = ExpectContinue::off;
  TlsOptions tls;                        // https:// targets only
};

struct RunConfig : Workload {
  // Target: empty url = start the embedded reference server on an ephemeral loopback port.
  std::string url;
  server::ServerOptions server = embedded_server_defaults();  // for the embedded server only
  // Network path between latbench and the target: a preset of profiles/links.yaml ("wifi") or a
  // link spec ("delay=40ms,up=2mbit"); empty: direct. The link emulator is put in between.
  std::string link;

  // Payload.
  std::string image = "vga";             // vga | hd | fullhd | WxH | path to a JPEG or a folder
  int quality = 80;
  payload::Encoding encoding = payload::Encoding::raw;
  // SO_SNDBUF of upload sockets, in bytes; 0: the OS's (Linux grows it to megabytes, so a whole
  // frame is "sent" at once); unset (auto): a device's, k_device_send_buffer, when the run goes
  // through an emulated link with an up rate (so the upload phase is the link's time), else the OS's.
  std::optional<std::size_t> send_buffer;

  // WebSocket frames (ws:// and wss:// URLs only; client/ws_options.hpp), as the user wrote them;
  // app/ws_run_options.hpp builds the framing and the answer rule. Empty: the default
  // (binary framing, no header, the default JSON template, every message answers in order).
  std::string framing;        // binary | base64-json | msgpack
  std::string frame_header;   // Python struct notation with names, binary only
  std::string ws_message;     // base64-json's template
  std::string ws_answer;      // FIELD=VALUE: which messages are answers
  std::string ws_match;       // order | field:NAME
  std::string ws_timing;      // FIELD[,FIELD]: the answer's numbers that become stages
  std::uint64_t reconnect_every = 0;       // frames per session; 0: never reconnect
  std::optional<std::size_t> max_message;  // unset: WsOptions' default (16 MiB)

  // Viewers (direction down, ws:// and wss:// only): `devices` sessions receive for `duration`
  // or `requests` frames each; ws_message, when given, is the subscribe message sent after the
  // upgrade (not a template).
  Direction direction = Direction::up;
  std::string ws_field;  // "frame_id=KEY,timestamp=KEY,...": the members a pushed frame names otherwise
  Nanos stall = std::chrono::milliseconds(500);  // no frame for longer than this is a stall

  // Event loops (threads) the devices are spread over (client/driver_threads.hpp); 0: one per
  // usable core, at most one per device. How the load is made, not what it is: not in its hash.
  unsigned threads = 0;

  // Honesty: the run is marked not valid when latbench starts requests later than this behind
  // their intended time at p99 (latbench itself was the bottleneck).
  Nanos max_start_lag = std::chrono::milliseconds(10);

  // Output: samples.jsonl (+ whatever the caller adds) go here; empty: runs/<timestamp>[-<name>].
  std::filesystem::path out_dir;
  std::filesystem::path runs_root = "runs";
  std::string name;                      // profile name, used in the run folder's name

  // Split over machines: this process runs shard->index of shard->count shares of the workload
  // above (client/shard.hpp); the options above stay the whole workload's. Unset: all of it.
  std::optional<Shard> shard;
  // Start the schedule at this instant (every shard the same one); unset: at once.
  std::optional<WallTime> start_at;

  // HdrHistogram interval log (app/run_hlog.hpp): the measured totals, one interval per
  // hlog_interval, written as the run goes; empty: none.
  std::filesystem::path export_hlog;
  Nanos hlog_interval = std::chrono::seconds(1);
};

// "new" | "persistent" | "pool=N" and back.
Result<Connection> parse_connection(std::string_view text, std::string_view what = "connection");
std::string format_connection(Connection connection);
// An ESP32's lwIP default send buffer (TCP_SND_BUF = 4 x 1436-byte MSS).
inline constexpr std::size_t k_device_send_buffer = 5744;
// "auto" -> unset, "os" -> 0, "5744", "16k", "16KiB", "1m" -> bytes (at most 64 MiB).
Result<std::optional<std::size_t>> parse_send_buffer(std::string_view text,
                                                     std::string_view what = "send_buffer");
std::string format_send_buffer(std::optional<std::size_t> send_buffer);
// What `auto` (unset) means: a device's buffer when an emulated link limits the up rate (so the
// upload phase is the link's time), else the OS's (0). A value given stays.
std::size_t resolve_send_buffer(std::optional<std::size_t> send_buffer, bool link_limits_up);

// "30/s", "30", "0.5/s", "100/min" -> per second.
Result<double> parse_rate(std::string_view text, std::string_view what = "rate");

}  // namespace latbench::client
