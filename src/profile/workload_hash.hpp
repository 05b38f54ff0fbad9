#pragma once
// The name of a workload, the same for every shard of it: FNV-1a (64 bit) of the resolved
// profile (profile.yaml's text) without what differs between its shards or its repeats: the
// shard, the start instant, the link's seed and the run folder (which the profile does not
// hold); `send_buffer: auto` counts as what it resolves to, so running a folder's profile.yaml
// gives its hash again. `latbench merge` joins only folders with the same hash. Sixteen
// lowercase hex digits.
#include <cstdint>
#include <string>
#include <string_view>

#include "client/run_config.hpp"

namespace latbench::profile {

std::uint64_t fnv1a64(std::string_view bytes);
std::string workload_hash(const client::RunConfig& config);

// The workload as one process runs it whole: `config` without its shard, start instant, out dir
// and interval log (what differs between the shards of one workload).
client::RunConfig whole_workload(client::RunConfig config);

}  // namespace latbench::profile
