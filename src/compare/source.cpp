#include "compare/source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "compare/log_source.hpp"
#include "compare/samples_round.hpp"
#include "report/json_export.hpp"

namespace latbench::compare {
namespace {

namespace fs = std::filesystem;

// A summary document is one JSON value, usually pretty-printed; a samples file has an object on
// its first non-blank line. A file starting with '{' whose first line alone is not a complete
// object (or is one with a "schema" key) is a summary; anything else is a log to sniff.
bool looks_like_summary(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) break;
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string::npos || line[first] != '{') return false;
  auto j = nlohmann::json::parse(line, nullptr, false);
  return j.is_discarded() || !j.is_object() || j.contains("schema");
}

std::string samples_series(const SourceOptions& options) {
  return options.series.empty() ? "total" : options.series;
}

Result<Source> load_summary(const fs::path& path, const SourceOptions& options, Source source) {
  auto summaries = report::read_summary_document(path);
  if (!summaries) return summaries.error();
  std::vector<std::string> names;
  for (const stats::Summary& s : *summaries) {
    names.push_back(s.name);
    if (s.name == samples_series(options)) {
      source.kind = SourceKind::summary;
      source.series = s.name;
      source.unit = s.unit;
      source.summary = s;
      return source;
    }
  }
  return input_error(fmt::format("{}: no series '{}' in this summary (it has: {}); choose one "
                                 "with --series",
                                 path.string(), samples_series(options), fmt::join(names, ", ")));
}

}  // namespace

Result<Source> load_source(const fs::path& path, const SourceOptions& options) {
  Source source;
  source.path = path.string();
  source.label = path.filename().string();
  if (source.label.empty()) source.label = path.parent_path().filename().string();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(path, ec))
      if (entry.is_regular_file() && (options.reads_logs() || entry.path().extension() == ".jsonl"))
        files.push_back(entry.path());
    if (ec) return input_error(fmt::format("{}: cannot list: {}", path.string(), ec.message()));
    if (files.empty())
      return input_error(fmt::format("{}: a folder source needs *.jsonl samples files, one per "
                                     "round; found none",
                                     path.string()));
    std::sort(files.begin(), files.end());
    source.kind = SourceKind::rounds_dir;
    for (const fs::path& file : files) {
      auto round = options.reads_logs() ? read_log_round(file, options, source.unit, source.series, source.notes)
                                        : read_samples_round(file, samples_series(options), source.notes);
      if (!round) return round.error();
      source.rounds.push_back(std::move(round).take());
    }
    if (!options.reads_logs()) source.series = samples_series(options);
    return source;
  }
  if (!fs::exists(path, ec))
    return input_error(fmt::format("{}: no such file or folder", path.string()));
  if (options.reads_logs()) {
    source.kind = SourceKind::log;
    auto round = read_log_round(path, options, source.unit, source.series, source.notes);
    if (!round) return round.error();
    source.rounds.push_back(std::move(round).take());
    return source;
  }
  if (looks_like_summary(path)) return load_summary(path, options, std::move(source));
  // Sniffed as analyze sniffs it (src/logs' registry): a run's samples file is the latbench format.
  auto format = sniff_source_format(path);
  if (!format) return format.error();
  if (*format == "latbench") {
    auto round = read_samples_round(path, samples_series(options), source.notes);
    if (!round) return round.error();
    source.series = samples_series(options);
    source.rounds.push_back(std::move(round).take());
    return source;
  }
  SourceOptions as_log = options;
  as_log.format = *format;
  source.kind = SourceKind::log;
  auto round = read_log_round(path, as_log, source.unit, source.series, source.notes);
  if (!round) return round.error();
  source.rounds.push_back(std::move(round).take());
  return source;
}

Round pooled_rounds(const Source& s) {
  Round all;
  bool spans_known = true;
  for (const Round& r : s.rounds) {
    all.latency.insert(all.latency.end(), r.latency.begin(), r.latency.end());
    all.requests += r.requests;
    all.errors += r.errors;
    all.duration_s += r.duration_s;
    spans_known = spans_known && r.duration_s > 0;
  }
  if (!spans_known) all.duration_s = 0;
  return all;
}

Round pooled_sorted(const Source& s) {
  Round all = pooled_rounds(s);
  std::sort(all.latency.begin(), all.latency.end());
  return all;
}

bool pool_mismatched_rounds(Source& base, Source& cand, std::string& note) {
  if (!base.has_raw() || !cand.has_raw()) return false;
  const bool base_rounds = base.rounds.size() > 1, cand_rounds = cand.rounds.size() > 1;
  if (base_rounds == cand_rounds) return false;
  Source& many = base_rounds ? base : cand;
  note = fmt::format("{}'s {} rounds pooled into one recording ({} is a single recording)", many.label,
                     many.rounds.size(), base_rounds ? cand.label : base.label);
  many.rounds = {pooled_rounds(many)};
  return true;
}

}  // namespace latbench::compare
