#pragma once
// A run's samples.jsonl as one compare Round: the samples module reads it (samples/reader.hpp)
// and builds its series; this keeps one series, exactly as `latbench run` summarises it, the
// error counts and the run's time span.
#include <filesystem>
#include <string>
#include <vector>

#include "compare/source.hpp"
#include "core/error.hpp"

namespace latbench::compare {

// `series` is one of samples::SeriesBuilder's: total, ttfb, upload, connect, server_<stage>,
// network_overhead, ... Warm-up requests are left out of everything. A damaged line fails with
// "<file>:<line>: ..."; only a damaged last line (a run cut short) is skipped and noted.
Result<Round> read_samples_round(const std::filesystem::path& path, const std::string& series,
                                 std::vector<std::string>& notes);

}  // namespace latbench::compare
