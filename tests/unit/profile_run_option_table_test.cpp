// The table of run options (profile/run_option_table.hpp) is the one place an option is written
// down: every row, with nothing else added, reads back what it writes and reaches known_keys(),
// the resolved profile.yaml and the summary's config JSON. (Its --help line: the e2e test
// RunOptionTableCli.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "profile/profile.hpp"
#include "profile/run_option_table.hpp"

using namespace latbench;
using namespace latbench::profile;

namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// `row` set to its example on `config`: each row's own parser, as the CLI calls it.
template <class Config>
Config with_example(const OptionRow<Config>& row, Config config) {
  if (row.clear) row.clear(config);
  auto applied = row.set(config, row.example, "--" + row.key);
  EXPECT_TRUE(applied.ok()) << row.key << ": " << (applied ? "" : applied.error().what());
  return config;
}

}  // namespace

TEST(RunOptionTable, EveryRowReadsBackItsDefaultAndItsExample) {
  for (const auto& row : run_options()) {
    SCOPED_TRACE(row.key);
    ASSERT_FALSE(row.example.empty());
    ASSERT_TRUE(row.set && row.format);
    const client::RunConfig defaults;
    client::RunConfig again = defaults;
    if (row.clear) row.clear(again);
    for (const auto& text : row.format(defaults)) ASSERT_TRUE(row.set(again, text, row.key).ok()) << text;
    EXPECT_EQ(row.format(again), row.format(defaults));
    EXPECT_EQ(row.format(with_example(row, defaults)), std::vector<std::string>{row.example});
    // The example is not the default: the tests below would not see a row that writes nothing.
    EXPECT_NE(row.format(defaults), std::vector<std::string>{row.example});
  }
}

TEST(RunOptionTable, EveryRowIsAKnownKeyAndReachesTheResolvedProfile) {
  const auto keys = known_keys();
  for (const auto& row : run_options()) {
    SCOPED_TRACE(row.key);
    EXPECT_TRUE(has(keys, row.key));
    const client::RunConfig config = with_example(row, {});
    const std::string yaml = resolved_profile_yaml(config, "t");
    EXPECT_NE(yaml.find("\n" + row.key + ":"), std::string::npos) << yaml;
    // And back: the profile reads the example to the same value.
    const Profile p = parse_profile(yaml, "resolved.yaml");
    EXPECT_EQ(row.format(p.config), row.format(config)) << yaml;
    EXPECT_TRUE(has(p.keys_set, row.key));
  }
  for (const auto& row : server_options()) {
    SCOPED_TRACE(row.key);
    EXPECT_TRUE(has(keys, "server." + row.key));
    client::RunConfig config;
    config.server = with_example(row, config.server);
    const Profile p = parse_profile(resolved_profile_yaml(config, "t"), "resolved.yaml");
    EXPECT_EQ(row.format(p.config.server), std::vector<std::string>{row.example});
    EXPECT_TRUE(has(p.keys_set, "server." + row.key));
  }
}

TEST(RunOptionTable, TheSummaryConfigHasTheRowsThatSayItAndNothingElse) {
  std::set<std::string> rows{"name"};
  for (const auto& row : run_options()) {
    SCOPED_TRACE(row.key);
    const client::RunConfig config = with_example(row, {});
    const auto json = summary_config_json(config);
    if (!row.summary) {
      EXPECT_FALSE(json.contains(row.key));
      continue;
    }
    rows.insert(row.key);
    ASSERT_TRUE(json.contains(row.key));
    EXPECT_NE(json[row.key], summary_config_json({})[row.key]) << "the example does not show in the summary";
  }
  const auto defaults = summary_config_json({});
  for (const auto& [key, value] : defaults.items()) EXPECT_EQ(rows.count(key), 1u) << key;
}

TEST(RunOptionTable, AProfileErrorNamesFileLineKeyAndTheRowsWords) {
  for (const auto& row : run_options()) {
    if (row.kind != OptionKind::count && row.kind != OptionKind::integer) continue;
    SCOPED_TRACE(row.key);
    const std::string too_big = std::to_string(row.bounds.hi + 1);
    try {
      (void)parse_profile(row.key + ": " + too_big + "\n", "p.yaml");
      ADD_FAILURE() << "accepted " << too_big;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()),
                "p.yaml:1:" + std::to_string(row.key.size() + 3) + ": key '" + row.key + "': expected " +
                    row.expected + ", got '" + too_big + "'");
    }
  }
}
