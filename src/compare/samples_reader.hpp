#pragma once
// A small reader for the driver's samples.jsonl (TEAM.md), keeping only what compare needs:
// one latency series, error counts and the run's time span.
#include <filesystem>
#include <string>
#include <vector>

#include "compare/source.hpp"
#include "core/error.hpp"

namespace latbench::compare {

// Latency comes from "<series>_ms" (or "server": {"<stage>": ...} for "server_<stage>"), for
// requests without an error and for timeouts (the driver records a timeout as at least the
// timeout: leaving it out would flatter the tail). Warm-up requests are left out of everything.
// A line that is not a JSON object fails with "<file>:<line>: ..."; an unterminated last line
// (a run cut short) is skipped and noted in `notes`.
Result<Round> read_samples_round(const std::filesystem::path& path, const std::string& series,
                                 std::vector<std::string>& notes);

}  // namespace latbench::compare
