#include "profile/workload_hash.hpp"

#include <fmt/format.h>

#include "link/link_spec.hpp"
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
  // How many threads made the load is the machine's business (auto: its cores), not the load's.
  config.threads = 0;
  // Where a shard writes its interval log, and its intervals, are not the load (each shard of a
  // fleet writes its own <results>/<index>/run.hlog).
  config.export_hlog.clear();
  config.hlog_interval = client::RunConfig{}.hlog_interval;
  return config;
}

std::string workload_hash(const client::RunConfig& config) {
  client::RunConfig whole = whole_workload(config);
  // As its folder's profile.yaml records it, so running that file has the same hash: send_buffer
  // auto resolved, and the link's seed left out (each shard draws its own unless one is given).
  std::uint64_t up_rate = 0;
  if (!whole.link.empty()) {
    if (auto spec = link::resolve_link(whole.link, link::default_link_presets_path(), "link")) up_rate = spec->up_bits_per_s;
    whole.link = link::with_seed(whole.link, 0);
  }
  whole.send_buffer = client::resolve_send_buffer(whole.send_buffer, up_rate > 0);
  return fmt::format("{:016x}", fnv1a64(resolved_profile_yaml(whole, whole.name.empty() ? "run" : whole.name)));
}

}  // namespace latbench::profile
