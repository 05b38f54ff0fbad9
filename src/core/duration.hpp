#pragma once
// Durations as the user writes them ("40ms", "1.5s", "250us", "2m") and back. The parse / format
// pair lives together so what we print can be read back.
#include <chrono>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace latbench {

using Nanos = std::chrono::nanoseconds;

// Parses "<number><unit>" with unit one of ns, us, ms, s, m, h. A bare number is rejected unless
// `default_unit` is given (e.g. "ms" for log fields). Errors name `what` (the option or key).
Result<Nanos> parse_duration(std::string_view text, std::string_view what,
                             std::string_view default_unit = {});

// Milliseconds as a double: the unit of every latency Series.
constexpr double to_ms(Nanos d) { return std::chrono::duration<double, std::milli>(d).count(); }
inline Nanos from_ms(double ms) {
  return std::chrono::duration_cast<Nanos>(std::chrono::duration<double, std::milli>(ms));
}

// Human form with 3 significant digits and an adaptive unit: "812us", "41.2ms", "1.50s".
std::string format_duration(Nanos d);
std::string format_ms(double ms);

}  // namespace latbench
