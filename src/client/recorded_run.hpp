#pragma once
// A run's samples.jsonl read for plotting (`latbench plot`, `run --plot`): the driver's own
// reader and series builder (samples_file.hpp) plus what only plots need, the per-request order
// and flags.
#include <filesystem>

#include "core/error.hpp"
#include "report/recorded_run.hpp"

namespace latbench::client {

// Reads `path`. Errors (input) name the file: unreadable, or no valid sample in it. A malformed
// line (e.g. the torn last line of a killed run) is skipped and counted, not fatal.
Result<report::RecordedRun> read_recorded_run(const std::filesystem::path& path);

}  // namespace latbench::client
