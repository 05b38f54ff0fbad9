#pragma once
// DESIGN.md's stable summary document: {"tool":"latbench","schema":1,"series":[...], ...}.
// Consumers (compare, gate, CI scripts) rely on its keys: never rename, only add.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "stats/summary.hpp"

namespace latbench::report {

// One series object: name, unit, count, min, max, mean, median, mode, sd, sd_population,
// percentiles{p50,p90,p95,p99,p99.9}, trimmed{low,high,...same keys}, histogram{edges,counts},
// skipped{lines,reasons}. An empty series has count 0 and null statistics (never NaN).
nlohmann::json series_json(const stats::Summary& summary);

// The whole document; `extra` (an object) is merged at top level (e.g. "run": {...}).
nlohmann::json summary_document(const std::vector<stats::Summary>& summaries,
                                const nlohmann::json& extra);

// Writes `document` pretty-printed; throws latbench::Error naming the path when it cannot.
void write_json_file(const std::filesystem::path& path, const nlohmann::json& document);

// Reads a schema-1 document back into summaries (for compare / gate). Errors name the file and
// the key that is missing or of the wrong type.
Result<std::vector<stats::Summary>> read_summary_document(const std::filesystem::path& path);

}  // namespace latbench::report
