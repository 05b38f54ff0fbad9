#pragma once
// Every random draw of the link emulator as a pure function of (seed, connection, kind, index),
// so one seed replays the same draws whatever order the I/O thread meets the connections' events
// in and however the kernel happens to cut the bytes into reads: jitter and stalls are drawn per
// 1460-byte segment of a direction's stream (by its position), faults per connection.
#include <cstdint>

namespace latbench::link {

enum class DrawKind : std::uint64_t { blackhole = 1, reset, jitter_up, jitter_down, stall_up, stall_down };

class LinkDraws {
 public:
  explicit LinkDraws(std::uint64_t seed) : m_seed(mix(seed)) {}

  // Uniform in [0, 1).
  double uniform(std::uint64_t connection, DrawKind kind, std::uint64_t index) const {
    std::uint64_t h = mix(m_seed ^ mix(connection + 0x9E3779B97F4A7C15ULL));
    h = mix(h ^ (static_cast<std::uint64_t>(kind) * 0xD1B54A32D192ED03ULL));
    h = mix(h ^ index);
    return static_cast<double>(h >> 11) * 0x1.0p-53;
  }

  // Standard normal (Box-Muller on two uniforms of neighbouring indices).
  double normal(std::uint64_t connection, DrawKind kind, std::uint64_t index) const;

  // SplitMix64's finaliser: a bijection that spreads every input bit over the output.
  static constexpr std::uint64_t mix(std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }

 private:
  std::uint64_t m_seed;
};

}  // namespace latbench::link
