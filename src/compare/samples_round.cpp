#include "compare/samples_round.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>

#include "samples/reader.hpp"
#include "samples/series.hpp"

namespace latbench::compare {

Result<Round> read_samples_round(const std::filesystem::path& path, const std::string& series,
                                 std::vector<std::string>& notes) {
  auto read = samples::read_samples_file(path);
  if (!read) return read.error();
  const samples::SamplesFile& file = *read;
  const SkipCounts& skipped = file.skipped;
  if (skipped.lines > 0) {
    // The torn last line of a run cut short is expected; any other damage means the recording
    // cannot be trusted, and a comparison on it would mislead.
    const std::uint64_t last_line = file.samples.size() + skipped.lines;
    const bool only_torn_last = skipped.lines == 1 && skipped.first_lines.front() == last_line;
    if (!only_torn_last || file.samples.empty())
      return input_error(fmt::format("{}:{}: expected one JSON object per line (a samples.jsonl written by "
                                     "'latbench run'): {}",
                                     path.string(), skipped.first_lines.front(), skipped.reasons.begin()->first));
    notes.push_back(fmt::format("{}:{}: skipped a damaged last line (run cut short?)", path.string(), last_line));
  }
  // The same series `latbench run` summarises (samples::SeriesBuilder): total counts every
  // request with an HTTP answer and timeouts as at least the timeout, so compare and run agree.
  samples::SeriesBuilder builder;
  Round round;
  double first_start = std::numeric_limits<double>::infinity();
  double last_end = -std::numeric_limits<double>::infinity();
  for (const samples::Sample& s : file.samples) {
    builder.add(s);
    if (s.warmup) continue;
    ++round.requests;
    if (s.error != samples::ErrorClass::none) ++round.errors;
    first_start = std::min(first_start, s.start_ms);
    last_end = std::max(last_end, s.start_ms + s.total_ms);
  }
  if (round.requests == 0)
    return input_error(fmt::format("{}: no requests (expected JSON lines with \"total_ms\", written by 'latbench run')",
                                   path.string()));
  // One series expanded at a time (values are kept compact until then); only the asked one is kept.
  std::optional<Series> found;
  std::string names;
  builder.for_each_series([&](Series&& s) {
    if (s.values.empty()) return;
    names += (names.empty() ? "" : ", ") + s.name;
    if (s.name == series) found = std::move(s);
  });
  if (!found)
    return input_error(fmt::format("{}: no request carries the series '{}' (this file has: {})", path.string(),
                                   series, names));
  round.latency = std::move(found->values);
  if (last_end > first_start) round.duration_s = (last_end - first_start) / 1000.0;
  return round;
}

}  // namespace latbench::compare
