#pragma once
// Where a run sits among others: the workload it ran (its hash, the same for every shard of one
// workload), its shard and that shard's share, and when it started on the wall clock, so
// `latbench merge` can check shards belong together and put them on one timeline. Written in
// summary.json's run object ("workload_hash", "shard", "start"; DESIGN.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/shard.hpp"
#include "core/error.hpp"
#include "core/wall_time.hpp"

namespace latbench::app {

// A start missed by more than this (a shard started late) is reported and marks the run.
inline constexpr double k_start_tolerance_ms = 50;

struct ShardRecord {
  client::Shard shard;
  client::ShardShare share;
};

// One shard a merged run was made of.
struct MergedShard {
  unsigned index = 0;
  std::string folder;
  WallTime started_at{};
  double offset_ms = 0;  // its start after the earliest shard's: added to its samples' times
  std::uint64_t samples = 0;
};

struct MergeRecord {
  unsigned count = 0;                  // N
  std::vector<MergedShard> shards;     // by index
  std::vector<unsigned> missing;       // indexes absent (--allow-missing)
  bool partial() const { return !missing.empty(); }
};

struct RunOrigin {
  std::string workload_hash;
  std::optional<ShardRecord> shard;
  WallTime started_at{};               // the schedule's zero (samples' start_ms 0) on the wall clock
  std::optional<WallTime> start_at;    // the instant asked for
  double start_lag_ms = 0;             // started_at - start_at (negative: early, by the clock's grain)
  bool started_late = false;           // start_lag_ms above k_start_tolerance_ms
  std::optional<MergeRecord> merged;   // set: this folder is `latbench merge`'s
};

}  // namespace latbench::app

#include <nlohmann/json_fwd.hpp>

namespace latbench::app {

// Sets "workload_hash", "shard" (null for a whole run), "start" and, for a merged run, "merged"
// in `run` (summary.json's run object).
void write_origin_json(const RunOrigin& origin, nlohmann::json& run);

// What merge needs of a shard's folder, read back from its run object: the hash, the shard and
// its share, the start. Throws Error (input) naming `file` and the member missing or wrong.
RunOrigin read_origin_json(const nlohmann::json& run, const std::string& file);

}  // namespace latbench::app
