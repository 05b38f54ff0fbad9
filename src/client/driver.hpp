#pragma once
// The workload driver: one event loop, one thread, every simulated device. It schedules (closed
// or open loop, per device), starts a unit (an upload) when one of the device's connection slots
// is free, and hands each finished unit to the caller as a Sample. It talks to the target only
// through a Transport and reads time only from a Clock (transport.hpp, clock.hpp), so the same
// scheduling runs on libcurl in a real run and in virtual time in tests.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "client/run_config.hpp"
#include "client/schedule.hpp"
#include "core/compact_column.hpp"
#include "payload/encoding.hpp"
#include "samples/record.hpp"

namespace latbench::client {

// The driver hands out the samples module's record.
using samples::ConnUse;
using samples::ErrorClass;
using samples::Sample;

// A workload (its first `warmup` requests marked warm-up) with what only the driver needs.
struct DriverPlan : Workload {
  std::string url;
  std::vector<payload::Body> bodies;     // cycled by sequence number; never copied per request
  int send_buffer = 0;                   // SO_SNDBUF of new connections; 0: the OS's
  // The target stopped answering: for `silence` no upload got an HTTP answer (since the last one,
  // or the start) and at least `silent_failures` ended without one. Scheduling then stops, as at
  // a first Ctrl-C: a server killed mid-run must not turn the rest of the run into "refused".
  Nanos silence = std::chrono::seconds(3);
  std::uint64_t silent_failures = 3;
};

// When and how the target stopped answering (DriverPlan::silence).
struct TargetSilence {
  std::optional<Nanos> last_answer;  // end of the last answered upload; nullopt: none answered
  std::uint64_t unanswered = 0;      // uploads that ended without an answer after it
  std::uint64_t answered_after = 0;  // in-flight uploads answered after scheduling stopped
  Nanos stopped_at{0};               // when scheduling stopped
};

struct DeviceTotals {
  std::uint64_t sent = 0;
  std::uint64_t skipped = 0;   // open-loop frames dropped because max_in_flight were pending
};

// One event loop's share of a run on several threads (client/driver_threads.hpp).
struct ThreadStats {
  unsigned devices = 0;
  std::uint64_t sent = 0;
  double start_lag_p99_ms = 0;              // this loop's own start lag
  double cpu_user_s = 0, cpu_system_s = 0;  // this thread's CPU
};

struct DriverStats {
  std::uint64_t sent = 0;           // uploads started
  std::uint64_t completed = 0;      // uploads that ended (with or without an error)
  std::uint64_t skipped = 0;        // frames dropped (max in flight)
  std::uint64_t cancelled = 0;      // scheduled but never started (Ctrl-C, target silent)
  std::uint64_t aborted = 0;        // in flight when a second Ctrl-C aborted them
  Nanos elapsed{0};                 // first scheduled start to last completion
  WallTime wall_start{};            // the schedule's zero (samples' start_ms 0) on the wall clock
  CompactColumn start_lag_ms;       // actual - intended start, per started upload
  std::vector<DeviceTotals> devices;
  double cpu_user_s = 0, cpu_system_s = 0;  // the driver thread's own CPU (getrusage)
  int interrupt_level = 0;          // 1: stopped scheduling early, 2: aborted in-flight uploads
  std::optional<TargetSilence> silent;  // set when the run stopped because the target went silent
  std::vector<ThreadStats> threads;     // per event loop when the run used more than one
};

class Clock;
class Transport;

struct DriverHooks {
  std::function<void(const Sample&)> on_sample;        // every finished upload, in end order
  std::function<void(std::chrono::steady_clock::time_point)> on_tick;  // at least every 100 ms (driver's clock)
  const std::atomic<int>* interrupt = nullptr;         // 1: stop scheduling; 2: abort in flight
  // Drivers sharing one workload on several threads (driver_threads.hpp) share these; unset: the
  // driver's own (sequence numbers from 0, the schedule's zero when run() begins).
  std::atomic<std::uint64_t>* next_seq = nullptr;      // unique, in start order, across the loops
  std::optional<std::chrono::steady_clock::time_point> start;  // the schedule's zero
  WallTime start_wall{};                               // the same instant on the wall clock
};

// Runs the plan to its end. Throws latbench::Error (unreachable) when the very first attempts
// cannot connect at all (refused, unknown host, connect timeout) and nothing ever connected: the
// message names the URL and libcurl's reason; Error (input) when libcurl cannot read the TLS CA
// file. Errors after that are samples, and the run goes on until the target is silent
// (DriverPlan::silence; DriverStats::silent says so).
// Uploads over HTTP (http_transport.hpp) on the steady clock.
DriverStats drive(const DriverPlan& plan, const DriverHooks& hooks);
// Frames over WebSocket (ws_transport.hpp) on the steady clock: `plan.url` is ws:// or wss://,
// its bodies the raw JPEGs; `ws` says how frames and answers look.
struct WsOptions;
DriverStats drive(const DriverPlan& plan, const DriverHooks& hooks, const WsOptions& ws);
// The same scheduling over any transport and clock; `plan.url` only names the target in errors.
DriverStats drive(const DriverPlan& plan, const DriverHooks& hooks, Transport& transport,
                  const Clock& clock);

}  // namespace latbench::client
