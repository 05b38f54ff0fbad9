#include "logs/read_log.hpp"

#include <cmath>

#include <fmt/format.h>

#include "logs/yaml_format.hpp"

namespace latbench::logs {

std::string format_names() {
  std::string names;
  for (const auto& f : builtin_formats()) names += (names.empty() ? "" : ", ") + std::string(f.name);
  return names;
}

namespace {

bool is_yaml_path(const std::string& s) {
  return s.ends_with(".yaml") || s.ends_with(".yml");
}

Result<std::unique_ptr<Format>> choose_format(const std::string& path, PeekSource& source,
                                              const ReadOptions& options) {
  if (is_yaml_path(options.format)) return load_yaml_format(options.format);
  if (!options.format.empty()) {
    const FormatEntry* entry = find_format(options.format);
    if (!entry)
      return usage_error(fmt::format("--format: unknown format '{}' (known: {}; or a YAML format file)",
                                     options.format, format_names()));
    return entry->make(options.format_options);
  }
  const std::string_view head_text = source.peek();
  if (head_text.empty()) return input_error(fmt::format("{}: is empty, expected a log", path));
  const auto head = head_lines(head_text, 200);
  std::unique_ptr<Format> best;
  int best_score = 0;
  for (const auto& entry : builtin_formats()) {
    auto format = entry.make(options.format_options);
    const int score = format->sniff(head);
    if (score > best_score) {
      best_score = score;
      best = std::move(format);
    }
  }
  if (!best)
    return input_error(fmt::format(
        "{}: matches no known log format (tried: {}); force one with --format NAME or describe the "
        "lines in a YAML format file (--format my_format.yaml, see samples/*.format.yaml)",
        path, format_names()));
  return best;
}

}  // namespace

Result<LogData> read_log(const std::string& path, const ReadOptions& options) {
  auto bytes = open_bytes(path);
  if (!bytes) return bytes.error();
  auto peek = std::make_unique<PeekSource>(std::move(bytes).take());
  PeekSource& source = *peek;
  auto format = choose_format(path, source, options);
  if (!format) return format.error();
  LogData data(options.streaming);
  data.source = path;
  data.format = (*format)->name();
  LineReader reader(std::move(peek));
  (*format)->parse(reader, data);
  return data;
}

std::vector<Series> log_series(const LogData& data) {
  std::vector<Series> out;
  for (const auto& column : data.table.columns()) {
    Series s;
    s.name = column.name;
    s.unit = column.unit;
    s.values.reserve(column.values.size());
    for (double v : column.values)
      if (!std::isnan(v)) s.values.push_back(v);
    s.skipped = data.skipped;
    out.push_back(std::move(s));
  }
  for (const auto& extra : data.extra_series) {
    out.push_back(extra);
    out.back().skipped = data.skipped;
  }
  return out;
}

std::vector<Series> take_series(LogData& data) {
  std::vector<Series> out;
  for (auto& column : data.table.columns()) {
    Series s;
    s.name = column.name;
    s.unit = column.unit;
    s.values = std::move(column.values);
    // No shrink_to_fit: its copy doubled the peak memory, and capacity never written is not resident.
    std::erase_if(s.values, [](double v) { return std::isnan(v); });
    s.skipped = data.skipped;
    out.push_back(std::move(s));
  }
  for (auto& extra : data.extra_series) {
    out.push_back(std::move(extra));
    out.back().skipped = data.skipped;
  }
  data.extra_series.clear();
  return out;
}

}  // namespace latbench::logs
