#pragma once
// What a network path does to bytes, as the link emulator applies it. Written as a spec
// (`delay=40ms,jitter=15ms,up=2mbit,down=8mbit,stall=0.05%`), a preset name from
// profiles/links.yaml (`wifi`, `4g`, ...), or a preset with overrides (`wifi-poor,seed=7`,
// `wifi,delay=10ms`).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/duration.hpp"
#include "core/error.hpp"

namespace latbench::link {

// One TCP segment's payload on a 1500-byte Ethernet / Wi-Fi MTU (the unit of `stall`).
inline constexpr std::size_t k_segment_bytes = 1460;

enum class JitterShape { uniform, normal };

struct LinkSpec {
  std::string name;              // preset name, or "custom"
  Nanos delay{0};                // one-way, each direction (RTT = 2 x delay)
  Nanos jitter{0};               // uniform: +-jitter; normal: SD (order of bytes is kept)
  JitterShape jitter_shape = JitterShape::uniform;
  double up_bits_per_s = 0;      // client -> upstream; 0: unlimited
  double down_bits_per_s = 0;    // upstream -> client; 0: unlimited
  std::size_t burst_bytes = 1500;  // token bucket depth (one Ethernet MTU)
  bool handshake = true;         // a new connection's first byte waits one more RTT (SYN/SYN-ACK)
  // Per TCP segment (k_segment_bytes): a loss recovered only by retransmission timeout. Per
  // segment, not per forwarded chunk, so that the rate means the same whatever sizes the
  // emulator happens to read the bytes in.
  double stall_probability = 0;
  Nanos stall_min = std::chrono::milliseconds(200);  // stall = stall_min + RTT (Linux's min RTO)
  double reset_probability = 0;  // per connection: reset when its first bytes arrive
  double blackhole_probability = 0;  // per connection: swallow everything, never answer
  // Every random draw of the emulator (jitter, stalls, resets, black holes) is a function of
  // the seed, so a run given its seed back sees the same draws. Unset: the emulator draws a
  // fresh one (fresh_link_seed) and reports it in spec().
  std::optional<std::uint64_t> seed;

  Nanos rtt() const { return delay * 2; }
  Nanos stall_time() const { return stall_min + rtt(); }
  // Chance that a chunk of `bytes` holds at least one stalled segment: 1 - (1 - p)^segments.
  double chunk_stall_probability(std::size_t bytes) const;
};

// Parses `key=value[,key=value...]`. Keys: delay, rtt (sets delay = rtt/2), jitter,
// jitter-dist (uniform|normal), up, down, rate (both), burst, handshake (on|off), stall, reset,
// blackhole (probabilities: 0.5% or 0.005), seed. Rates: 2mbit, 500kbit, 1gbit, 1MB/s, 64kB/s.
// Errors (usage) start with `what` (the caller's name for the option: "--link", or the profile
// key "link"), then name the key, the bad value and what was expected.
Result<LinkSpec> parse_link_spec(std::string_view spec, std::string_view what = "link");

// A rate in bits per second from "2mbit", "500kbit", "1MB/s", "10mbps" ...
Result<double> parse_rate(std::string_view text, std::string_view what);

// `name_or_spec` is a spec, or a preset of `presets_path` (YAML: `links: {name: "spec", ...}`)
// optionally followed by overrides: `wifi-poor,seed=7` is wifi-poor with seed 7. Errors start
// with `what` and name the preset file (and line) or the spec key.
Result<LinkSpec> resolve_link(std::string_view name_or_spec, const std::string& presets_path,
                              std::string_view what = "link");

// A seed nobody chose: from std::random_device mixed with the clock, so two runs (even two
// emulators started in the same microsecond) differ.
std::uint64_t fresh_link_seed();

// `name_or_spec` with `seed` in it (the text that replays a run: "wifi-poor,seed=123"); a seed
// already there is replaced.
std::string with_seed(std::string_view name_or_spec, std::uint64_t seed);

// profiles/links.yaml of this source tree (what `--link NAME` reads by default).
std::string default_link_presets_path();

// The spec back as text ("delay=50ms,up=1mbit,...,seed=7"; unlimited and default fields omitted).
std::string to_string(const LinkSpec& spec);

}  // namespace latbench::link
