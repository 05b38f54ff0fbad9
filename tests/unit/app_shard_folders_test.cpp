// merge's checks that shards belong together (app/shard_folders.hpp), on folders' records made
// here: the same workload, the same split, each index once, the missing ones named.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/shard_folders.hpp"

using namespace latbench;
using app::ShardFolder;

namespace {

ShardFolder folder(const std::string& name, unsigned index, unsigned count, const std::string& hash = "00ab") {
  ShardFolder f;
  f.folder = name;
  f.origin.workload_hash = hash;
  f.origin.shard = app::ShardRecord{client::Shard{index, count}, {}};
  return f;
}

std::string error_of(const std::vector<ShardFolder>& shards) {
  try {
    app::check_shards(shards);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    return e.what();
  }
  return "";
}

}  // namespace

TEST(AppShardFolders, AllShardsOfOneWorkloadInAnyOrderMissNothing) {
  EXPECT_TRUE(app::check_shards({folder("c", 2, 4), folder("a", 0, 4), folder("d", 3, 4), folder("b", 1, 4)}).empty());
  EXPECT_TRUE(app::check_shards({folder("only", 0, 1)}).empty());
}

TEST(AppShardFolders, MissingIndexesAreNamed) {
  EXPECT_EQ(app::check_shards({folder("a", 0, 4), folder("c", 2, 4)}), (std::vector<unsigned>{1, 3}));
  EXPECT_EQ(app::check_shards({folder("d", 3, 4)}), (std::vector<unsigned>{0, 1, 2}));
}

TEST(AppShardFolders, AnotherWorkloadAnotherSplitOrAnIndexTwiceIsRefusedNamingTheFolders) {
  const std::string hash = error_of({folder("a", 0, 2), folder("b", 1, 2, "ffee")});
  EXPECT_NE(hash.find("a and b are shards of different workloads (workload_hash 00ab and ffee)"), std::string::npos)
      << hash;
  const std::string split = error_of({folder("a", 0, 2), folder("b", 1, 3)});
  EXPECT_NE(split.find("split in 2 and in 3 shards"), std::string::npos) << split;
  const std::string twice = error_of({folder("a", 1, 2), folder("b", 1, 2)});
  EXPECT_NE(twice.find("shard 1/2 given twice: a and b"), std::string::npos) << twice;
  EXPECT_NE(error_of({}).find("no folders"), std::string::npos);
}

TEST(AppShardFolders, ARunObjectWithoutItsOriginIsAnInputErrorNamingTheMember) {
  using nlohmann::json;
  auto error_of_run = [](const json& run) -> std::string {
    try {
      app::read_origin_json(run, "x/summary.json");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::input);
      return e.what();
    }
    return "";
  };
  const json good = {{"workload_hash", "00ab"}, {"start", {{"epoch_ns", 5}, {"requested", nullptr}}},
                     {"shard", {{"index", 1}, {"count", 2}, {"devices", 3}, {"first_device", 1}, {"device_stride", 2},
                                {"requests", 30}, {"warmup", 0}}}};
  const auto o = app::read_origin_json(good, "x/summary.json");
  EXPECT_EQ(o.workload_hash, "00ab");
  EXPECT_EQ(epoch_ns(o.started_at), 5);
  ASSERT_TRUE(o.shard);
  EXPECT_EQ(o.shard->shard, (client::Shard{1, 2}));
  EXPECT_EQ(o.shard->share.requests, 30u);
  json no_hash = good;
  no_hash.erase("workload_hash");
  EXPECT_NE(error_of_run(no_hash).find("x/summary.json: run.workload_hash: expected a string"), std::string::npos);
  json no_start = good;
  no_start["start"] = json::object();
  EXPECT_NE(error_of_run(no_start).find("run.start.epoch_ns"), std::string::npos);
  json bad_index = good;
  bad_index["shard"]["index"] = 2;
  EXPECT_NE(error_of_run(bad_index).find("run.shard.index"), std::string::npos);
  json negative = good;
  negative["shard"]["requests"] = -1;
  EXPECT_NE(error_of_run(negative).find("run.shard.requests: expected a whole number"), std::string::npos);
}
