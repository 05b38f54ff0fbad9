#pragma once
// What the driver's scheduling needs from a way of talking to the target. A transport carries
// "units": one unit is started on a device's connection(s) and ends with a Sample (an answer, an
// error or the timeout). HTTP uploads on libcurl (http_transport.hpp) are one unit per upload; a
// message transport (WebSocket frames on one session per device, answers matched in order or by
// id, reconnects every N frames) is one unit per frame and its answer, with its session handling
// inside the transport. The driver never sleeps itself: it waits through wait(), so a fake
// transport with a fake clock runs the same scheduling in virtual time (tests/unit/driver_*).
#include <cstdint>
#include <optional>
#include <string>

#include "client/clock.hpp"
#include "samples/record.hpp"
#include "core/duration.hpp"

namespace latbench::client {

using samples::ErrorClass;
using samples::Sample;

// One unit of work, as the driver hands it to the transport (which keeps a copy until it ends).
struct Unit {
  std::uint64_t seq = 0;
  unsigned device = 0;
  std::size_t body = 0;   // which of the plan's bodies (cycled by seq)
  bool warmup = false;
  Nanos intended{0};      // intended start, since the run's start
  SteadyTime started;     // actual start on the driver's clock, taken just before start()
};

class TransportEvents {
 public:
  // `unit` ended. `sample` holds what the transport measured (conn, phases, total, bytes, status,
  // error, server stages); the driver fills in the unit's own fields. `reached_peer`: a connection
  // was made or an answer came, so a failure is the target's answer and not "cannot reach".
  // May throw (the driver's unreachable verdict); the transport must stay destructible then.
  virtual void finished(const Unit& unit, Sample& sample, bool reached_peer) = 0;

 protected:
  ~TransportEvents() = default;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Units one device's connections carry at once; a unit due while they are all busy waits in
  // the device's queue (that wait is the target's delay, not latbench's start lag).
  virtual unsigned slots_per_device() const = 0;
  // Starts `unit`. Every started unit ends (delivered by advance()) within the plan's timeout,
  // with ErrorClass::timeout when no answer came. Throws latbench::Error (internal) if the
  // transport cannot start it at all.
  virtual void start(const Unit& unit) = 0;
  // Does the I/O that is ready without blocking and reports every unit that ended, in end order.
  virtual void advance(TransportEvents& events) = 0;
  // How soon advance() must run again even without I/O (the transport's own timers); nullopt:
  // only when I/O happens.
  virtual std::optional<Nanos> next_timer() const = 0;
  // Blocks until I/O may be ready or `at_most` passed, whichever is first (a fake advances its
  // virtual clock instead).
  virtual void wait(Nanos at_most) = 0;
  // Drops every unit in flight without reporting it (a second Ctrl-C); returns how many.
  virtual std::uint64_t abort_all() = 0;
  // The transport's words for why the unit being reported by finished() failed ("Failed to
  // connect to 127.0.0.1 port 1 ..."). Valid only during that call.
  virtual std::string failure_detail() const = 0;
};

}  // namespace latbench::client
