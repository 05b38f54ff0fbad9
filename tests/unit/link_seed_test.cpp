// Link seeds and preset overrides (issue 12 item 1): every draw of the emulator comes from its
// seed, a preset takes overrides, and errors name the caller's option once.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "link/link_draws.hpp"
#include "link/link_spec.hpp"

using namespace latbench::link;
using namespace std::chrono_literals;

TEST(LinkSeed, APresetTakesOverridesAfterItsName) {
  auto poor = resolve_link("wifi-poor,seed=7", default_link_presets_path());
  ASSERT_TRUE(poor.ok()) << poor.error().what();
  EXPECT_EQ(poor->name, "wifi-poor");
  EXPECT_EQ(poor->seed, 7u);
  EXPECT_EQ(poor->delay, 20ms);  // the preset's own values stay
  EXPECT_DOUBLE_EQ(poor->up_bits_per_s, 4e6);

  auto wifi = resolve_link(" wifi , delay=10ms ", default_link_presets_path());
  ASSERT_TRUE(wifi.ok()) << wifi.error().what();
  EXPECT_EQ(wifi->delay, 10ms);
  EXPECT_EQ(wifi->jitter, 2ms);
  EXPECT_DOUBLE_EQ(wifi->up_bits_per_s, 40e6);
  EXPECT_FALSE(wifi->seed.has_value());  // none given: the emulator draws one
}

TEST(LinkSeed, ErrorsNameTheCallersOptionOnce) {
  auto bad = resolve_link("wifi-poor,delay", default_link_presets_path(), "--link");
  ASSERT_FALSE(bad.ok());
  const std::string what = bad.error().what();
  EXPECT_EQ(what.rfind("--link: ", 0), 0u) << what;
  EXPECT_EQ(what.find("--link", 1), std::string::npos) << what;  // not "--link: --link: ..."
  EXPECT_NE(what.find("'delay' is not key=value"), std::string::npos) << what;

  auto unknown = resolve_link("carrier-pigeon,seed=1", default_link_presets_path(), "--link");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(std::string(unknown.error().what()).find("unknown preset 'carrier-pigeon'"), std::string::npos);

  auto seed = resolve_link("wifi,seed=-3", default_link_presets_path(), "link");
  ASSERT_FALSE(seed.ok());
  EXPECT_EQ(std::string(seed.error().what()), "link: seed=-3: expected a non-negative integer");
}

TEST(LinkSeed, WithSeedGivesTheTextThatReplaysARun) {
  EXPECT_EQ(with_seed("wifi-poor", 42), "wifi-poor,seed=42");
  EXPECT_EQ(with_seed("delay=1ms,seed=3,up=2mbit", 42), "delay=1ms,up=2mbit,seed=42");
  EXPECT_EQ(with_seed("wifi,", 5), "wifi,seed=5");
  auto replayed = resolve_link(with_seed("wifi-poor,seed=3", 99), default_link_presets_path());
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed->seed, 99u);
}

TEST(LinkSeed, TheSpecTextCarriesTheSeedAndParsesBack) {
  auto s = *parse_link_spec("delay=5ms,jitter=1ms,burst=3000,seed=18446744073709551615");
  const auto text = to_string(s);
  EXPECT_NE(text.find("seed=18446744073709551615"), std::string::npos) << text;
  auto again = *parse_link_spec(text);
  EXPECT_EQ(again.seed, s.seed);
  EXPECT_EQ(again.burst_bytes, 3000u);
  EXPECT_EQ(to_string(again), text);
}

TEST(LinkSeed, FreshSeedsDiffer) {
  std::set<std::uint64_t> seeds;
  for (int i = 0; i < 100; ++i) seeds.insert(fresh_link_seed());
  EXPECT_EQ(seeds.size(), 100u);
}

TEST(LinkDraws, AreAFunctionOfSeedConnectionKindAndIndexOnly) {
  LinkDraws a(7), b(7), c(8);
  // Asked in a different order, the same draws.
  const double late = b.uniform(3, DrawKind::stall_up, 1000);
  for (int i = 0; i < 50; ++i) b.uniform(1, DrawKind::jitter_down, static_cast<std::uint64_t>(i));
  EXPECT_EQ(a.uniform(3, DrawKind::stall_up, 1000), late);
  int same_as_other_seed = 0, same_as_other_kind = 0, same_as_other_conn = 0;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const double u = a.uniform(0, DrawKind::jitter_up, i);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    same_as_other_seed += u == c.uniform(0, DrawKind::jitter_up, i);
    same_as_other_kind += u == a.uniform(0, DrawKind::jitter_down, i);
    same_as_other_conn += u == a.uniform(1, DrawKind::jitter_up, i);
  }
  EXPECT_EQ(same_as_other_seed, 0);
  EXPECT_EQ(same_as_other_kind, 0);
  EXPECT_EQ(same_as_other_conn, 0);
}

TEST(LinkDraws, UniformAndNormalHaveTheirMoments) {
  // 20,000 draws: the mean of U(0,1) is 0.5 +- 0.002 (SE = 0.289 / sqrt(n)), its variance 1/12;
  // the normal's mean 0 +- 0.007 and variance 1 +- 0.01 (SE of a variance = sqrt(2 / n)).
  LinkDraws d(12345);
  const int n = 20000;
  double su = 0, suu = 0, sn = 0, snn = 0;
  for (int i = 0; i < n; ++i) {
    const double u = d.uniform(2, DrawKind::stall_down, static_cast<std::uint64_t>(i));
    const double z = d.normal(2, DrawKind::jitter_up, static_cast<std::uint64_t>(i));
    su += u;
    suu += u * u;
    sn += z;
    snn += z * z;
  }
  const double mu = su / n, mz = sn / n;
  EXPECT_NEAR(mu, 0.5, 4 * 0.289 / std::sqrt(n));
  EXPECT_NEAR(suu / n - mu * mu, 1.0 / 12, 0.003);
  EXPECT_NEAR(mz, 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(snn / n - mz * mz, 1.0, 4 * std::sqrt(2.0 / n));
}
