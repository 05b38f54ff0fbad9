// Link specs, presets and the token bucket: pure arithmetic, expected values by hand.
#include <gtest/gtest.h>

#include <fstream>

#include "link/link_spec.hpp"
#include "link/token_bucket.hpp"

using namespace latbench::link;
using namespace std::chrono_literals;

TEST(LinkSpec, ParsesTheIssueExample) {
  auto s = parse_link_spec("delay=40ms,jitter=15ms,up=2mbit,down=8mbit,stall=0.5%");
  ASSERT_TRUE(s.ok()) << s.error().what();
  EXPECT_EQ(s->delay, 40ms);
  EXPECT_EQ(s->jitter, 15ms);
  EXPECT_DOUBLE_EQ(s->up_bits_per_s, 2e6);
  EXPECT_DOUBLE_EQ(s->down_bits_per_s, 8e6);
  EXPECT_DOUBLE_EQ(s->stall_probability, 0.005);
  EXPECT_EQ(s->rtt(), 80ms);
  EXPECT_EQ(s->stall_time(), 280ms);  // 200 ms minimum RTO + one RTT
  EXPECT_TRUE(s->handshake);
}

TEST(LinkSpec, StallIsPerSegmentWhateverTheChunkSize) {
  auto s = parse_link_spec("stall=1%");
  ASSERT_TRUE(s.ok()) << s.error().what();
  EXPECT_DOUBLE_EQ(s->chunk_stall_probability(1), 0.01);     // a partial segment is one segment
  EXPECT_DOUBLE_EQ(s->chunk_stall_probability(1460), 0.01);
  EXPECT_DOUBLE_EQ(s->chunk_stall_probability(1461), 0.0199);  // 1 - 0.99^2
  EXPECT_NEAR(s->chunk_stall_probability(10 * 1460), 0.0956179249911955, 1e-15);  // 1 - 0.99^10 (by hand)
  EXPECT_EQ(parse_link_spec("stall=100%")->chunk_stall_probability(5000), 1.0);
  EXPECT_EQ(parse_link_spec("delay=1ms")->chunk_stall_probability(5000), 0.0);
}

TEST(LinkSpec, RatesInBitsAndBytes) {
  EXPECT_DOUBLE_EQ(*parse_rate("500kbit", "x"), 5e5);
  EXPECT_DOUBLE_EQ(*parse_rate("1MB/s", "x"), 8e6);
  EXPECT_DOUBLE_EQ(*parse_rate("10mbps", "x"), 1e7);
  EXPECT_DOUBLE_EQ(*parse_rate("64kB/s", "x"), 512e3);
  EXPECT_FALSE(parse_rate("fast", "x").ok());
  EXPECT_FALSE(parse_rate("2 furlongs", "x").ok());
  EXPECT_FALSE(parse_rate("0mbit", "x").ok());
}

TEST(LinkSpec, RttAndSwitchesAndFaults) {
  auto s = *parse_link_spec("rtt=100ms,rate=1mbit,handshake=off,reset=1%,blackhole=0.02,jitter-dist=normal");
  EXPECT_EQ(s.delay, 50ms);
  EXPECT_DOUBLE_EQ(s.up_bits_per_s, 1e6);
  EXPECT_DOUBLE_EQ(s.down_bits_per_s, 1e6);
  EXPECT_FALSE(s.handshake);
  EXPECT_DOUBLE_EQ(s.reset_probability, 0.01);
  EXPECT_DOUBLE_EQ(s.blackhole_probability, 0.02);
  EXPECT_EQ(s.jitter_shape, JitterShape::normal);
  // And back: what we print parses to the same link.
  auto again = *parse_link_spec(to_string(s));
  EXPECT_EQ(again.delay, s.delay);
  EXPECT_DOUBLE_EQ(again.up_bits_per_s, s.up_bits_per_s);
  EXPECT_FALSE(again.handshake);
}

TEST(LinkSpec, ErrorsNameTheKeyAndWhatWasExpected) {
  struct Case {
    const char* spec;
    const char* needle;
  };
  for (auto c : {Case{"delay=40", "link delay"}, Case{"up=2megs", "link up"},
                 Case{"stall=150%", "stall=150%"}, Case{"color=blue", "unknown key 'color'"},
                 Case{"delay", "not key=value"}, Case{"handshake=maybe", "expected on or off"},
                 Case{"jitter-dist=cauchy", "uniform or normal"}, Case{"", "empty spec"}}) {
    auto s = parse_link_spec(c.spec);
    ASSERT_FALSE(s.ok()) << c.spec;
    EXPECT_NE(std::string(s.error().what()).find(c.needle), std::string::npos)
        << c.spec << " -> " << s.error().what();
  }
}

TEST(LinkPresets, EveryShippedPresetResolves) {
  for (const char* name : {"loopback", "lan", "wifi", "wifi-poor", "esp32-wifi", "4g", "tunnel"}) {
    auto s = resolve_link(name, default_link_presets_path());
    ASSERT_TRUE(s.ok()) << name << ": " << s.error().what();
    EXPECT_EQ(s->name, name);
  }
  auto tunnel = *resolve_link("tunnel", default_link_presets_path());
  EXPECT_EQ(tunnel.rtt(), 100ms);           // ~100 ms RTT, ~1 MB/s (issue 3)
  EXPECT_DOUBLE_EQ(tunnel.up_bits_per_s, 8e6);
}

TEST(LinkPresets, UnknownPresetListsTheKnownOnesAndSpecsPassThrough) {
  auto s = resolve_link("carrier-pigeon", default_link_presets_path());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.error().what()).find("wifi-poor"), std::string::npos) << s.error().what();
  EXPECT_EQ(resolve_link("delay=5ms", "/nonexistent.yaml")->delay, 5ms);
}

TEST(LinkPresets, BadPresetNamesFileAndLine) {
  auto path = testing::TempDir() + "/links_bad.yaml";
  std::ofstream(path) << "links:\n  ok: \"delay=1ms\"\n  broken: \"delay=fast\"\n";
  auto s = resolve_link("broken", path);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.error().what()).find(path + ":3"), std::string::npos) << s.error().what();
}

TEST(LinkTokenBucket, PacesBytesAtTheRateAfterTheBurst) {
  TokenBucket bucket(1e6, 1500);  // 125,000 bytes/s
  TokenBucket::Clock::time_point t0{};
  EXPECT_EQ(bucket.send(t0, 1500), t0);            // the burst goes at once
  EXPECT_EQ(bucket.send(t0, 12500), t0 + 100ms);   // 12,500 B / 125,000 B/s
  EXPECT_EQ(bucket.send(t0, 12500), t0 + 200ms);   // queued behind the previous chunk
  // A second later the debt (25,000 B = 200 ms) is paid and the bucket refilled to its burst.
  EXPECT_EQ(bucket.send(t0 + 1s, 1000), t0 + 1s);
  TokenBucket unlimited(0, 1500);
  EXPECT_EQ(unlimited.send(t0, 1'000'000), t0);
}
