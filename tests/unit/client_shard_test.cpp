// A shard's share of a workload (client/shard.hpp): the N shards add up to the whole, for awkward
// numbers, with every device once under its fleet index. Expected shares come from
// tests/fixtures/shard/shares.py, which hands out each device and request one by one.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "client/shard.hpp"
#include "common/test_paths.hpp"
#include "fake_transport.hpp"

using namespace latbench;
using namespace std::chrono_literals;
using client::Shard;
using client::shard_share;

namespace {

client::EnvLookup env_with(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(std::string_view text, const client::EnvLookup& env) {
  auto r = client::parse_shard(text, "shard", env);
  return r ? std::string() : std::string(r.error().what());
}

}  // namespace

TEST(ClientShard, SharesEqualThePythonOraclesAndAddUpToTheWhole) {
  std::ifstream in(test::fixtures_dir() + "/shard/shares.json");
  ASSERT_TRUE(in) << "tests/fixtures/shard/shares.json";
  const auto cases = nlohmann::json::parse(in);
  ASSERT_GE(cases.size(), 5u);
  for (const auto& c : cases) {
    const unsigned devices = c["devices"], shards = c["shards"];
    const std::uint64_t requests = c["requests"], warmup = c["warmup"];
    SCOPED_TRACE(testing::Message() << devices << " devices, " << requests << " requests over " << shards);
    std::uint64_t sum_requests = 0, sum_warmup = 0;
    std::set<unsigned> seen;
    for (unsigned i = 0; i < shards; ++i) {
      const auto& want = c["split"][i];
      auto share = shard_share(Shard{i, shards}, devices, requests, warmup);
      ASSERT_TRUE(share) << share.error().what();
      EXPECT_EQ(share->requests, want["requests"].get<std::uint64_t>()) << "shard " << i;
      EXPECT_EQ(share->warmup, want["warmup"].get<std::uint64_t>()) << "shard " << i;
      std::vector<unsigned> ids;
      for (unsigned j = 0; j < share->devices; ++j) ids.push_back(share->first_device + j * share->device_stride);
      EXPECT_EQ(ids, want["devices"].get<std::vector<unsigned>>()) << "shard " << i;
      seen.insert(ids.begin(), ids.end());
      sum_requests += share->requests;
      sum_warmup += share->warmup;
    }
    EXPECT_EQ(seen.size(), devices);  // every device once: the ids are unique across shards
    EXPECT_EQ(sum_requests, requests);
    EXPECT_EQ(sum_warmup, warmup);
  }
}

TEST(ClientShard, RemaindersGoToTheFirstShardsAsK6Stripes) {
  // k6's striping of equal segments: floor(n/N), one more while I < n mod N.
  EXPECT_EQ(client::striped_share(10, 0, 4), 3u);
  EXPECT_EQ(client::striped_share(10, 1, 4), 3u);
  EXPECT_EQ(client::striped_share(10, 2, 4), 2u);
  EXPECT_EQ(client::striped_share(10, 3, 4), 2u);
  EXPECT_EQ(client::striped_share(1001, 0, 4) + client::striped_share(1001, 1, 4) +
                client::striped_share(1001, 2, 4) + client::striped_share(1001, 3, 4), 1001u);
}

TEST(ClientShard, RequestsFollowTheirDevicesSoEachShardRunsAsLong) {
  // 10 devices, 1001 requests over 4 (shares.py): devices {0,4,8} {1,5,9} {2,6} {3,7}, each
  // device 100 requests and device 0 one more: 301, 300, 200, 200.
  const std::uint64_t want[] = {301, 300, 200, 200};
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(shard_share(Shard{i, 4}, 10, 1001, 0)->requests, want[i]) << i;
}

TEST(ClientShard, TheShardsRatesAddUpToTheWholeRate) {
  // 7 devices at 1/s (7/s in all) over 3 shards: 3, 2 and 2 devices at 1/s each.
  const double per_device = 1.0;
  double sum = 0;
  const unsigned want[] = {3, 2, 2};
  for (unsigned i = 0; i < 3; ++i) {
    const auto share = shard_share(Shard{i, 3}, 7, 700, 0);
    EXPECT_EQ(share->devices, want[i]);
    sum += share->devices * per_device;
  }
  EXPECT_DOUBLE_EQ(sum, 7.0);
}

TEST(ClientShard, ADurationBoundRunSplitsDevicesOnly) {
  const auto share = shard_share(Shard{3, 4}, 10, 0, 0);
  ASSERT_TRUE(share);
  EXPECT_EQ(share->devices, 2u);
  EXPECT_EQ(share->requests, 0u);
}

TEST(ClientShard, AShardWithoutDevicesOrRequestsIsRefused) {
  auto none = shard_share(Shard{3, 4}, 3, 30, 0);
  ASSERT_FALSE(none);
  EXPECT_NE(std::string(none.error().what()).find("3/4 gets none of the 3 devices"), std::string::npos);
  auto idle = shard_share(Shard{3, 4}, 8, 3, 0);  // devices 3 and 7 would send nothing
  ASSERT_FALSE(idle);
  EXPECT_NE(std::string(idle.error().what()).find("none of the 3 requests"), std::string::npos);
}

TEST(ClientShard, ParsesIndexOverCountAndAutoFromTheJobIndex) {
  const auto none = env_with({});
  EXPECT_EQ(*client::parse_shard("2/4", "shard", none), (Shard{2, 4}));
  EXPECT_EQ(*client::parse_shard("0/1", "shard", none), (Shard{0, 1}));
  EXPECT_EQ(*client::parse_shard("auto/4", "shard", env_with({{"JOB_COMPLETION_INDEX", "3"}})), (Shard{3, 4}));
  EXPECT_EQ(client::format_shard(Shard{2, 4}), "2/4");
}

TEST(ClientShard, BadShardsSayTheFormsAndNameTheVariable) {
  const auto none = env_with({});
  for (const char* bad : {"4/4", "1", "a/4", "1/0", "-1/4", "1/4/2", "1/10001", "/4", "1/"})
    EXPECT_NE(error_of(bad, none).find("expected I/N"), std::string::npos) << bad;
  EXPECT_NE(error_of("auto/4", none).find("JOB_COMPLETION_INDEX, which is not set"), std::string::npos);
  EXPECT_NE(error_of("auto/4", env_with({{"JOB_COMPLETION_INDEX", "4"}})).find("JOB_COMPLETION_INDEX='4'"),
            std::string::npos);
  EXPECT_NE(error_of("auto/4", env_with({{"JOB_COMPLETION_INDEX", "x"}})).find("expected 0..3"), std::string::npos);
}

TEST(ClientShard, TheDriverNamesEachDeviceByItsFleetIndex) {
  // Shard 1 of 4 of 10 devices: fleet devices 1, 5, 9.
  auto plan = test::fake_plan();
  plan.devices = 3;
  plan.first_device = 1;
  plan.device_stride = 4;
  plan.requests = 6;
  test::FakeDriver driver(plan, [](const client::Unit&) { return test::FakeReply{10ms}; });
  std::set<unsigned> ids;
  for (const auto& s : driver.run().samples) ids.insert(s.device);
  EXPECT_EQ(ids, (std::set<unsigned>{1, 5, 9}));
}
