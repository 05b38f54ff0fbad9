#pragma once
// The shards' run folders `latbench merge` is given, read and checked to belong together: each
// folder's summary.json run object (hash, shard, start), its profile.yaml (the workload) and
// its samples.jsonl.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/run_origin.hpp"
#include "client/run_config.hpp"
#include "samples/reader.hpp"

namespace latbench::app {

struct ShardFolder {
  std::filesystem::path folder;
  RunOrigin origin;            // origin.shard is set
  nlohmann::json run;          // summary.json's run object
  client::RunConfig config;    // profile.yaml: the whole workload and this shard
  samples::SamplesFile samples;
};

// One folder. Throws Error (input) naming the file at fault, or the folder when it is a run
// made without a shard.
ShardFolder read_shard_folder(const std::filesystem::path& folder);

// The indexes 0..N-1 none of `shards` has. Throws Error (usage) when they are of different
// workloads (hash) or splits (N), or an index comes twice: each names the folders.
std::vector<unsigned> check_shards(const std::vector<ShardFolder>& shards);

}  // namespace latbench::app
