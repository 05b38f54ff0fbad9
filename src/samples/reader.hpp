#pragma once
// samples.jsonl read back whole (compare, gate, plot; fields in docs/samples.md): every line
// through the one line parser (json.hpp), damaged lines counted rather than fatal.
#include <filesystem>
#include <vector>

#include "core/error.hpp"
#include "core/series.hpp"
#include "samples/record.hpp"

namespace latbench::samples {

struct SamplesFile {
  std::vector<Sample> samples;
  SkipCounts skipped;  // malformed lines (e.g. the torn last line of a killed run), by reason
};

// Reads a samples.jsonl. Unreadable file: Error (input) naming it. Malformed lines are skipped and
// counted with their line numbers rather than failing the whole file; blank lines are ignored.
Result<SamplesFile> read_samples_file(const std::filesystem::path& path);

}  // namespace latbench::samples
