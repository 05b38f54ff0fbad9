#pragma once
// A round of `n` latencies drawn from a lognormal around 40 ms times `scale` (the shift a test
// plants), `errors` failed requests beside them, and the span the requests took one after another.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>

#include "compare/source.hpp"

namespace latbench::test {

inline compare::Round round_of(std::uint64_t seed, std::size_t n, double scale, std::size_t errors = 0) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(40.0), 0.35);
  compare::Round r;
  for (std::size_t i = 0; i < n; ++i) r.latency.push_back(dist(rng) * scale);
  r.requests = n + errors;
  r.errors = errors;
  r.duration_s = static_cast<double>(n) * 0.04 * scale;
  return r;
}

}  // namespace latbench::test
