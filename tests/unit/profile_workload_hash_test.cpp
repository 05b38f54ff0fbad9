// The workload hash (profile/workload_hash.hpp): FNV-1a 64 (vectors from a Python loop over the
// bytes, below), the same for every shard and start of one workload, different for another.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/wall_time.hpp"
#include "profile/profile.hpp"
#include "profile/workload_hash.hpp"

using namespace latbench;

TEST(ProfileWorkloadHash, Fnv1a64MatchesTheReferenceVectors) {
  // h = 0xcbf29ce484222325; for b in bytes: h ^= b; h = h * 0x100000001b3 % 2**64 (Python).
  EXPECT_EQ(profile::fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(profile::fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(profile::fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(profile::fnv1a64("name: run\ndevices: 10\n"), 0x8999886bde2c4b3fULL);
}

TEST(ProfileWorkloadHash, EveryShardAndStartOfOneWorkloadHasTheSameHash) {
  client::RunConfig c;
  c.devices = 10;
  c.requests = 1001;
  c.schedule.rate_per_s = 7;
  const std::string whole = profile::workload_hash(c);
  EXPECT_EQ(whole.size(), 16u);
  EXPECT_EQ(whole.find_first_not_of("0123456789abcdef"), std::string::npos);
  for (unsigned i = 0; i < 4; ++i) {
    client::RunConfig shard = c;
    shard.shard = client::Shard{i, 4};
    shard.start_at = from_epoch_ns(1796191200'000000000LL + i);
    shard.out_dir = "runs/shard-" + std::to_string(i);
    // Each shard's own interval log (the fleet manifest's <results>/<index>/run.hlog).
    shard.export_hlog = "/results/" + std::to_string(i) + "/run.hlog";
    shard.hlog_interval = std::chrono::seconds(10);
    EXPECT_EQ(profile::workload_hash(shard), whole) << i;
  }
  // It is the resolved profile's: the text a folder keeps (send_buffer resolved), hashed.
  client::RunConfig recorded = c;
  recorded.send_buffer = 0;
  EXPECT_EQ(whole, fmt::format("{:016x}", profile::fnv1a64(profile::resolved_profile_yaml(recorded, "run"))));
}

TEST(ProfileWorkloadHash, AFoldersProfileReplayedHasTheRunsHash) {
  // A run records send_buffer auto as what it resolved to and its link with the seed it drew.
  client::RunConfig given;
  given.link = "delay=20ms,up=2mbit";
  client::RunConfig recorded = given;
  recorded.link = "delay=20ms,up=2mbit,seed=12345";
  recorded.send_buffer = client::k_device_send_buffer;  // an up rate: a device's buffer
  EXPECT_EQ(profile::workload_hash(given), profile::workload_hash(recorded));
  auto loaded = profile::parse_profile(profile::resolved_profile_yaml(recorded, "run"), "profile.yaml");
  EXPECT_EQ(profile::workload_hash(loaded.config), profile::workload_hash(given));
  client::RunConfig other = given;
  other.send_buffer = 0;  // not what auto gives here: another workload
  EXPECT_NE(profile::workload_hash(other), profile::workload_hash(given));
}

TEST(ProfileWorkloadHash, AnotherWorkloadHasAnotherHash) {
  client::RunConfig a, b, d;
  b.requests = a.requests + 1;
  d.server.processing.workers = a.server.processing.workers + 1;  // the embedded server is part of it
  EXPECT_NE(profile::workload_hash(a), profile::workload_hash(b));
  EXPECT_NE(profile::workload_hash(a), profile::workload_hash(d));
  // The whole workload drops what differs between shards.
  client::RunConfig s = a;
  s.shard = client::Shard{1, 2};
  s.start_at = wall_now();
  const auto w = profile::whole_workload(s);
  EXPECT_FALSE(w.shard);
  EXPECT_FALSE(w.start_at);
}
