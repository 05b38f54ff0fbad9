#pragma once
// Logs as compare/gate sources, through the analyze engine's readers (src/logs): any built-in or
// YAML format, the series chosen with --field (jsonl/csv) or by name.
#include <filesystem>
#include <string>
#include <vector>

#include "compare/source.hpp"
#include "core/error.hpp"

namespace latbench::compare {

// One log file as one round: the series named `options.fields[0]` (or `options.series`),
// requests = records, errors = records the format marked failed. The run's span is unknown
// (no throughput). `unit` receives the series' unit. Errors name the file and, when the
// series is missing, the series the log has.
Result<Round> read_log_round(const std::filesystem::path& path, const SourceOptions& options,
                             std::string& unit, std::vector<std::string>& notes);

}  // namespace latbench::compare
