#pragma once
// Instants on the wall clock (UTC), for what several machines must agree on: when a run starts
// (`start_at`) and when it did (a run folder's absolute start). Nanoseconds since the Unix epoch;
// each parse beside its format.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace latbench {

using WallTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>;

WallTime wall_now();
// Seconds since the epoch, now: the timestamp column of the server's logs.
double unix_seconds_now();

// Epoch seconds ("1764655200", "1764655200.25", up to 9 decimals) or RFC 3339 with its offset
// ("2026-12-02T06:00:00Z", "2026-12-02T07:00:00.5+01:00"). Errors (usage) start with `what` and
// say both accepted forms.
Result<WallTime> parse_wall_time(std::string_view text, std::string_view what);
// RFC 3339 in UTC, the fraction as long as it needs (none, or up to 9 digits): parses back equal.
std::string format_wall_time(WallTime t);

std::int64_t epoch_ns(WallTime t);
WallTime from_epoch_ns(std::int64_t ns);

}  // namespace latbench
