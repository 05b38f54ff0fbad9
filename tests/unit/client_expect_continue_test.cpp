// Expect: 100-continue is off unless asked for (devices never send it), from a flag or a profile
// key, and the resolved profile keeps the choice so a run folder replays it.
#include <gtest/gtest.h>

#include <string>

#include "client/transfer.hpp"
#include "core/error.hpp"
#include "profile/profile.hpp"

using latbench::client::ExpectContinue;

TEST(ClientExpectContinue, OffByDefaultAndTheHeaderLineRemovesLibcurlsOwn) {
  latbench::client::RunConfig c;
  EXPECT_EQ(c.expect, ExpectContinue::off);
  // An empty "Expect:" in CURLOPT_HTTPHEADER is libcurl's documented way to send none.
  EXPECT_EQ(std::string(latbench::client::expect_header_line(ExpectContinue::off)), "Expect:");
  EXPECT_EQ(std::string(latbench::client::expect_header_line(ExpectContinue::on)), "Expect: 100-continue");
}

TEST(ClientExpectContinue, ProfileKeyTurnsItOnAndTheResolvedProfileKeepsIt) {
  auto p = latbench::profile::parse_profile("expect_continue: true\n", "p.yaml");
  EXPECT_EQ(p.config.expect, ExpectContinue::on);
  auto again = latbench::profile::parse_profile(
      latbench::profile::resolved_profile_yaml(p.config, "again"), "resolved.yaml");
  EXPECT_EQ(again.config.expect, ExpectContinue::on);
  auto off = latbench::profile::parse_profile(
      latbench::profile::resolved_profile_yaml(latbench::client::RunConfig{}, "off"), "resolved.yaml");
  EXPECT_EQ(off.config.expect, ExpectContinue::off);
}

TEST(ClientExpectContinue, ProfileKeyThatIsNotABooleanNamesFileLineAndKey) {
  try {
    latbench::profile::parse_profile("requests: 3\nexpect_continue: sometimes\n", "p.yaml");
    FAIL() << "no error";
  } catch (const latbench::Error& e) {
    EXPECT_EQ(e.kind(), latbench::ErrorKind::usage);
    EXPECT_EQ(std::string(e.what()), "p.yaml:2:18: key 'expect_continue': expected true or false, got 'sometimes'");
  }
}
