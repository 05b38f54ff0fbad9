#pragma once
// Logs as compare/gate sources, through the analyze engine's readers (src/logs): any built-in or
// YAML format, the series chosen with --field (jsonl/csv) or by name.
#include <filesystem>
#include <string>
#include <vector>

#include "compare/source.hpp"
#include "core/error.hpp"

namespace latbench::compare {

// One log file as one round: the series named `options.fields[0]` (or `options.series`, or the
// format's main series, logs/main_series.hpp), requests = records, errors = records the format
// marked failed. The run's span is unknown (no throughput). `unit` receives the series' unit,
// `series` its name and how it was chosen. Errors name the file and, when the series is missing
// or none is the main one, the series the log has.
Result<Round> read_log_round(const std::filesystem::path& path, const SourceOptions& options,
                             std::string& unit, std::string& series, std::vector<std::string>& notes);

// The format analyze would read `path` with (sniffed); for a file no format reads, the error
// also names what compare and gate can be told (--format, --field, --series).
Result<std::string> sniff_source_format(const std::filesystem::path& path);

}  // namespace latbench::compare
