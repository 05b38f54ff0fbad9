#pragma once
// One shard of a workload split over N processes or machines (`shard: I/N`, I from 0 as a
// Kubernetes Indexed Job's JOB_COMPLETION_INDEX), and the exact share of the workload it runs,
// so the N shards add up to the single-process workload: devices, requests, warm-up and rate.
//
// The rule is k6's for equal execution segments (`--execution-segment I/N:(I+1)/N` with the
// sequence `0,1/N,...,1`, as k6-operator runs them): k6's striping
// (lib/execution_segment.go, ExecutionSegmentSequenceWrapper: "for 1/3, you give 1 element for
// each 3 elements") gives element k of a whole to segment k mod N, so segment I gets
// floor(n/N) elements plus one while I < n mod N: remainders go to the first segments.
//   devices:  device k of the fleet goes to shard k mod N and keeps its global index and name
//             (shard 1 of 4 runs devices 1, 5, 9, ...);
//   requests: request k goes to device k mod D, as the single process's round over its devices
//             hands them out, so a shard runs exactly its devices' requests (and each device
//             sends as many as it would in one process, so the shard runs as long);
//   warm-up:  the same rule as requests;
//   rate:     per device, unchanged: a shard's intended rate is its devices times the rate.
// Pure arithmetic: no clock, no environment (the environment is read by parse_shard's caller).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace latbench::client {

struct Shard {
  unsigned index = 0;  // 0 .. count-1
  unsigned count = 1;
  bool operator==(const Shard&) const = default;
};

// The variable `auto/N` reads the index from (a Kubernetes Indexed Job sets it in every pod).
inline constexpr const char* k_shard_index_variable = "JOB_COMPLETION_INDEX";
inline constexpr unsigned k_max_shards = 10000;

// Looks a variable up; nullopt when it is unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

// "I/N" (0 <= I < N <= 10000) or "auto/N" (I from JOB_COMPLETION_INDEX). Errors (usage) start
// with `what` and say the accepted forms; an unset or bad variable is named.
Result<Shard> parse_shard(std::string_view text, std::string_view what, const EnvLookup& env);
std::string format_shard(Shard shard);  // "2/4"

// The elements of a whole of n that segment `index` of `count` gets (k6's striping).
std::uint64_t striped_share(std::uint64_t n, unsigned index, unsigned count);

// What one shard runs of a workload of `devices` devices, `requests` requests and `warmup`
// warm-up requests (requests 0: a duration-bounded run, each shard runs the duration).
struct ShardShare {
  unsigned devices = 0;
  unsigned first_device = 0;   // global index of the shard's device 0
  unsigned device_stride = 1;  // global index of device j: first_device + j * device_stride
  std::uint64_t requests = 0;
  std::uint64_t warmup = 0;
};
// Error (usage, naming "shard") when the shard would get no device, or no request of a
// request-bounded run: such a split is not the workload (fewer devices than shards).
Result<ShardShare> shard_share(Shard shard, unsigned devices, std::uint64_t requests, std::uint64_t warmup);

}  // namespace latbench::client
