#include "profile/workload_hash.hpp"

#include <fmt/format.h>

#include "profile/profile.hpp"

namespace latbench::profile {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // the FNV offset basis and prime (64 bit)
  for (unsigned char b : bytes) {
    h ^= b;
    h *= 0x100000001b3ULL;
  }
  return h;
}

client::RunConfig whole_workload(client::RunConfig config) {
  config.shard.reset();
  config.start_at.reset();
  config.out_dir.clear();
  // Where a shard writes its interval log, and its intervals, are not the load (each shard of a
  // fleet writes its own <results>/<index>/run.hlog).
  config.export_hlog.clear();
  config.hlog_interval = client::RunConfig{}.hlog_interval;
  return config;
}

std::string workload_hash(const client::RunConfig& config) {
  const client::RunConfig whole = whole_workload(config);
  return fmt::format("{:016x}", fnv1a64(resolved_profile_yaml(whole, whole.name.empty() ? "run" : whole.name)));
}

}  // namespace latbench::profile
