#include "app/shard_folders.hpp"

#include <fmt/format.h>

#include <fstream>

#include "client/shard.hpp"
#include "profile/profile.hpp"

namespace latbench::app {

namespace fs = std::filesystem;

ShardFolder read_shard_folder(const fs::path& folder) {
  ShardFolder f;
  f.folder = folder;
  if (!fs::is_directory(folder))
    throw input_error(fmt::format("{}: not a folder (expected a shard's run folder)", folder.string()));
  const fs::path summary = folder / "summary.json";
  std::ifstream in(summary);
  if (!in) throw input_error(fmt::format("{}: cannot read it (expected the run folder's summary)", summary.string()));
  const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("run"))
    throw input_error(fmt::format("{}: not a run's summary (expected JSON with a \"run\" object)", summary.string()));
  f.run = doc["run"];
  f.origin = read_origin_json(f.run, summary.string());
  if (!f.origin.shard)
    throw input_error(fmt::format("{}: a run of the whole workload, not a shard (run.shard is null)", summary.string()));
  f.config = profile::load_profile(folder / "profile.yaml").config;
  f.samples = samples::read_samples_file(folder / "samples.jsonl").take();
  return f;
}

std::vector<unsigned> check_shards(const std::vector<ShardFolder>& shards) {
  if (shards.empty()) throw usage_error("merge: no folders given");
  const ShardFolder& first = shards.front();
  const unsigned count = first.origin.shard->shard.count;
  std::vector<const ShardFolder*> by_index(count, nullptr);
  for (const ShardFolder& s : shards) {
    if (s.origin.workload_hash != first.origin.workload_hash)
      throw usage_error(fmt::format("{} and {} are shards of different workloads (workload_hash {} and {}): only "
                                    "the shards of one workload merge", first.folder.string(), s.folder.string(),
                                    first.origin.workload_hash, s.origin.workload_hash));
    const client::Shard shard = s.origin.shard->shard;
    if (shard.count != count)
      throw usage_error(fmt::format("{} is shard {} and {} shard {}: split in {} and in {} shards",
                                    first.folder.string(), client::format_shard(first.origin.shard->shard),
                                    s.folder.string(), client::format_shard(shard), count, shard.count));
    if (const ShardFolder* twice = by_index[shard.index])
      throw usage_error(fmt::format("shard {} given twice: {} and {}", client::format_shard(shard),
                                    twice->folder.string(), s.folder.string()));
    by_index[shard.index] = &s;
  }
  std::vector<unsigned> missing;
  for (unsigned i = 0; i < count; ++i)
    if (by_index[i] == nullptr) missing.push_back(i);
  return missing;
}

}  // namespace latbench::app
