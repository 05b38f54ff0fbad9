#pragma once
// Simulated stage times drawn from a distribution the user writes on the command line or in a
// profile: `fixed(40ms)` (or just `40ms`), `normal(40ms,3ms)` (mean, SD; truncated at 0),
// `lognormal(40ms,10ms)` (mean, SD of the times themselves, not of their logarithm),
// `uniform(30ms,50ms)` (a <= t <= b). No argument may exceed k_max_simulated_stage, and a normal's
// SD may not exceed its mean (most of its draws would then be clamped to 0).
#include <chrono>
#include <random>
#include <string>
#include <string_view>

#include "core/duration.hpp"
#include "core/error.hpp"

namespace latbench::server {

// The longest simulated stage: beyond it a value is a typo (2147483648ms is 25 days), and a
// server would hold each request that long. Draws are clamped to it too (a lognormal's tail).
inline constexpr Nanos k_max_simulated_stage = std::chrono::hours(1);

class Distribution {
 public:
  enum class Kind { fixed, normal, lognormal, uniform };

  Distribution() = default;  // fixed(0)
  static Distribution fixed(Nanos value);

  // Parses the forms above. Errors name `what` (the option or key), and the expected syntax or
  // the parameter out of range and why.
  static Result<Distribution> parse(std::string_view text, std::string_view what);

  // One draw, in [0, k_max_simulated_stage].
  Nanos sample(std::mt19937_64& rng) const;
  // The distribution's mean (for logs and sanity checks).
  Nanos mean() const;
  Kind kind() const { return m_kind; }
  // Canonical text, which parse() reads back: "normal(40ms,3ms)".
  std::string to_string() const;

 private:
  Kind m_kind = Kind::fixed;
  double m_a_ms = 0;  // fixed: value; normal/lognormal: mean; uniform: low
  double m_b_ms = 0;  // normal/lognormal: SD; uniform: high
};

}  // namespace latbench::server
