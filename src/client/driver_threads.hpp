#pragma once
// One workload on several event loops (`--threads N`, issue 18): one driver thread per loop, each
// with its own transport (its own libcurl multi handle or io_context), so a run is not capped at
// what one core can send. The devices are split by the shard rule inside the process
// (client/shard.hpp): device k goes to loop k mod N with its requests and warm-up, so the loops
// add up to the workload exactly as shards do.
//   - Sequence numbers are drawn from one counter: unique and in start order across the loops.
//   - The schedule's zero is one instant for all: start_ms, intended starts and start lag are on
//     one timeline, and each loop's own start lag is measured (DriverStats::threads).
//   - Samples reach the caller's on_sample one at a time (under a lock), in about their end order;
//     on_tick runs on the calling thread, which also forwards its interrupt to the loops.
//   - A loop that throws (the unreachable verdict) stops the others; its error is rethrown.
#include <memory>
#include <vector>

#include "client/driver.hpp"
#include "client/transport.hpp"

namespace latbench::client {

// The loops a run uses: `asked` (0: one per usable core), at most one per device and, for a
// request-bounded run, one per request. Error (usage, naming "threads") when `asked` is more than
// that: a device's requests stay on one loop, so a thread without a device would idle.
Result<unsigned> resolve_threads(unsigned asked, unsigned devices, std::uint64_t requests, std::uint64_t warmup);

// Loop i's share of `plan`: its devices (keeping their fleet index), requests and warm-up.
std::vector<DriverPlan> split_plan(const DriverPlan& plan, unsigned loops);

// Runs plans[i] on transports[i], each on its own thread (one plan: on this one), and merges what
// they did: counts summed, devices back in the plan's order, start lag and CPU of all the loops.
DriverStats drive_threads(const std::vector<DriverPlan>& plans, const std::vector<Transport*>& transports,
                          const DriverHooks& hooks);

}  // namespace latbench::client
