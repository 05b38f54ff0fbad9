#pragma once
// What compare and gate read: a recorded source (a run's samples.jsonl, a folder of them = one
// round each, or a summary JSON) turned into per-round raw values, or statistics only.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "stats/summary.hpp"

namespace latbench::compare {

// One recording: a single samples file, or one round of an interleaved run.
struct Round {
  std::vector<double> latency;  // the chosen series, warm-up requests left out
  std::size_t requests = 0;     // non-warm-up requests, failed ones included
  std::size_t errors = 0;
  double duration_s = 0;        // first start to last end; 0 when unknown (no throughput then)
};

enum class SourceKind { samples, rounds_dir, summary, log };

struct Source {
  std::string label;  // short column title: the file (or folder) name
  std::string path;
  SourceKind kind = SourceKind::samples;
  std::string unit = "ms";
  std::string series;   // the series read, with how it was chosen: "total", "total (esp32's main series)"
  std::vector<Round> rounds;               // samples: 1, folder: one per file, summary: none
  std::optional<stats::Summary> summary;   // summary JSON: statistics only, no raw values
  std::vector<std::string> notes;          // e.g. a truncated last line that was skipped

  bool has_raw() const { return !rounds.empty(); }
};

struct SourceOptions {
  // Which series: total, ttfb, connect, server_infer, ... "" = the source's main series (a run's
  // total; a log's format's main series, logs/main_series.hpp).
  std::string series;
  // Set either to read every file source as a log through the analyze readers (src/logs); else
  // each file is sniffed as analyze sniffs it (a samples.jsonl is the "latbench" format).
  std::vector<std::string> fields;   // --field: the log field to compare ("name[:unit]")
  std::string format;                // --format: a built-in log format or a YAML format file
  bool reads_logs() const { return !fields.empty() || !format.empty(); }
};

// Reads `path`: a directory (every *.jsonl below it, sorted by path, is one round), a summary
// document (DESIGN.md schema 1), or any file analyze reads, its format sniffed as analyze does:
// a samples.jsonl (one round), a device or server log (one round, its main series unless named);
// with options.reads_logs(), any log file (one round; a directory's every file). Fails with an
// input error naming the file (and line) for unreadable or malformed input, and for a file no
// format reads, the options that would help.
Result<Source> load_source(const std::filesystem::path& path, const SourceOptions& options = {});

// When one side is a single recording and the other has several rounds, rounds cannot be the
// sample unit (one value on a side tests nothing): the rounds are pooled into one recording
// (values concatenated, requests, errors and durations summed) so the per-request method
// applies. Returns true and sets `note` when it pooled either side.
bool pool_mismatched_rounds(Source& base, Source& cand, std::string& note);

// Every round of `s` as one: latencies concatenated in round order, requests, errors and spans
// summed; the span is 0 (unknown) when any round's is, as a partial sum would inflate throughput.
Round pooled_rounds(const Source& s);
// The same with its latencies ascending, as the per-request statistics take them.
Round pooled_sorted(const Source& s);

}  // namespace latbench::compare
