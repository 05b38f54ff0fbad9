#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.hpp"
#include "profile/profile.hpp"
#include "core/suggest.hpp"
#include "common/test_paths.hpp"

using namespace latbench;
using namespace latbench::profile;
using namespace std::chrono_literals;

namespace {

std::string error_of(const std::string& yaml) {
  try {
    parse_profile(yaml, "p.yaml");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return {};
}

}  // namespace

TEST(Profile, KeysOverrideTheBase) {
  client::RunConfig base;
  base.requests = 999;
  base.quality = 55;
  auto p = parse_profile(
      "name: k\nconnection: pool=3\nrequests: 50\nrate: 30/s\nthink: 100ms\ntimeout: 2s\n"
      "headers: ['X-A: 1']\nserver:\n  mode: async\n",
      "k.yaml", base);
  EXPECT_EQ(p.name, "k");
  EXPECT_EQ(p.config.connection.mode, client::ConnectionMode::pool);
  EXPECT_EQ(p.config.connection.pool, 3u);
  EXPECT_EQ(p.config.requests, 50u);
  EXPECT_DOUBLE_EQ(*p.config.schedule.rate_per_s, 30.0);
  EXPECT_EQ(p.config.schedule.think, Nanos(100ms));
  EXPECT_EQ(p.config.timeout, Nanos(2s));
  EXPECT_EQ(p.config.headers, std::vector<std::string>{"X-A: 1"});
  EXPECT_EQ(p.config.server.mode, server::Mode::async);
  EXPECT_EQ(p.config.quality, 55);  // not in the profile: the base stays
}

TEST(Profile, MisspeltKeyGetsLocationAndSuggestion) {
  auto msg = error_of("requests: 5\nconection: new\n");
  EXPECT_NE(msg.find("p.yaml:2:1:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key 'conection'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'connection'?"), std::string::npos) << msg;
}

TEST(Profile, MisspeltServerKeyIsSuggestedWithItsSection) {
  auto msg = error_of("server:\n  mdoe: async\n");
  EXPECT_NE(msg.find("p.yaml:2:3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("server.mdoe"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'mode'?"), std::string::npos) << msg;
}

TEST(Profile, BadValueNamesLineColumnKeyAndExpectation) {
  auto msg = error_of("requests: 5\nquality: 300\n");
  EXPECT_NE(msg.find("p.yaml:2:10:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("key 'quality'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1..100"), std::string::npos) << msg;
  msg = error_of("timeout: 5\n");
  EXPECT_NE(msg.find("p.yaml:1:10:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("timeout"), std::string::npos) << msg;
  msg = error_of("connection: sometimes\n");
  EXPECT_NE(msg.find("new, persistent, or pool=N"), std::string::npos) << msg;
  msg = error_of("devices: [1, 2]\n");
  EXPECT_NE(msg.find("got a list"), std::string::npos) << msg;
}

TEST(Profile, NotAMappingOrNotYaml) {
  EXPECT_NE(error_of("").find("empty file"), std::string::npos);
  EXPECT_NE(error_of("- a\n- b\n").find("expected a mapping"), std::string::npos);
  EXPECT_NE(error_of("a: [1, 2\n").find("not valid YAML"), std::string::npos);
}

TEST(Profile, ResolvedProfileReadsBackToTheSameConfig) {
  client::RunConfig c;
  c.devices = 4;
  c.requests = 123;
  c.duration = 1500ms;
  c.connection.mode = client::ConnectionMode::pool;
  c.connection.pool = 2;
  c.schedule.rate_per_s = 12.5;
  c.schedule.think = 250us;
  c.schedule.max_in_flight = 3;
  c.image = "800x600";
  c.quality = 61;
  c.encoding = payload::Encoding::multipart;
  c.headers = {"X-A: 1", "X-B: two"};
  c.server.mode = server::Mode::async;
  c.server.threads = 2;
  auto p = parse_profile(resolved_profile_yaml(c, "again"), "resolved.yaml");
  const auto& r = p.config;
  EXPECT_EQ(p.name, "again");
  EXPECT_EQ(r.devices, 4u);
  EXPECT_EQ(r.requests, 123u);
  EXPECT_EQ(r.duration, c.duration);
  EXPECT_EQ(r.connection.mode, client::ConnectionMode::pool);
  EXPECT_EQ(r.connection.pool, 2u);
  EXPECT_DOUBLE_EQ(*r.schedule.rate_per_s, 12.5);
  EXPECT_EQ(r.schedule.think, c.schedule.think);
  EXPECT_EQ(r.schedule.max_in_flight, 3u);
  EXPECT_EQ(r.image, "800x600");
  EXPECT_EQ(r.quality, 61);
  EXPECT_EQ(r.encoding, payload::Encoding::multipart);
  EXPECT_EQ(r.headers, c.headers);
  EXPECT_EQ(r.server.mode, server::Mode::async);
  EXPECT_EQ(r.server.threads, 2u);
}

TEST(Profile, EveryShippedProfileLoads) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(latbench::test::source_dir() + "/profiles")) {
    if (entry.path().extension() != ".yaml" || entry.path().filename() == "links.yaml") continue;
    auto p = load_profile(entry.path());
    EXPECT_EQ(p.name, entry.path().stem().string());
    EXPECT_FALSE(p.description.empty()) << entry.path();
    ++n;
  }
  EXPECT_GE(n, 7);
}

TEST(ProfileSuggest, EditDistanceAndThreshold) {
  EXPECT_EQ(edit_distance("conection", "connection"), 1u);
  EXPECT_EQ(edit_distance("mdoe", "mode"), 1u);  // a swap counts once
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(did_you_mean("requets", {"requests", "rate"}), "requests");
  EXPECT_FALSE(did_you_mean("banana", {"requests", "rate"}).has_value());
}
