#include "logs/read_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "core/usable_cores.hpp"
#include "logs/parse_parts.hpp"
#include "logs/stream_parts.hpp"
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
      return usage_error(fmt::format("{}: unknown format '{}' (known: {}; or a YAML format file)",
                                     options.format_option, options.format, format_names()));
    return entry->make(options.format_options);
  }
  const std::string_view head_text = source.peek();
  if (head_text.empty()) return input_error(fmt::format("{}: is empty, expected a log", path));
  auto best = sniff_format(head_text, options.format_options);
  if (!best)
    return input_error(fmt::format(
        "{}: matches no known log format (tried: {}); force one with {} NAME or describe the "
        "lines in a YAML format file ({} my_format.yaml, see samples/*.format.yaml)",
        path, format_names(), options.format_option, options.format_option));
  return best;
}

// stdin and gzip: read from start to end, not cut at offsets.
bool is_stream(const std::string& path) { return path == "-" || path.ends_with(".gz"); }

// Size of `path` when it is a regular file read as it is (not stdin, not gzip), else 0.
std::uint64_t plain_file_size(const std::string& path) {
  struct stat st {};
  if (is_stream(path) || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

// A big regular file of `size` bytes in parts on `cores` threads (parse_parts.hpp); nullopt when there
// is one core, or the format cannot be parsed in parts or finds no place to cut it.
std::optional<LogData> read_in_parts(const std::string& path, std::uint64_t size, std::size_t cores,
                                     const Format& format, const ReadOptions& options) {
  if (cores < 2 || size < k_parts_min_bytes) return std::nullopt;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;  // the sequential path reports it
  const std::size_t parts = static_cast<std::size_t>(std::min<std::uint64_t>(cores, size / (k_parts_min_bytes / 2)));
  std::string buffer;
  PartPlan plan = plan_parts(format, size, parts, [&](std::uint64_t at, std::size_t length) {
    buffer.resize(length);
    const ssize_t n = pread(fd, buffer.data(), length, static_cast<off_t>(at));
    return std::string_view(buffer.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
  });
  close(fd);
  if (plan.formats.empty()) return std::nullopt;
  std::vector<LogPart> parts_read;
  std::uint64_t begin = 0;
  for (std::size_t i = 0; i < plan.ends.size(); ++i) {
    const std::uint64_t end = plan.ends[i];
    auto bytes = open_range(path, begin, end);
    if (!bytes) return std::nullopt;
    parts_read.push_back({std::move(plan.formats[i]), std::move(bytes).take(), end - begin});
    begin = end;
  }
  return parse_parts(parts_read, options.table());
}

}  // namespace

std::unique_ptr<Format> sniff_format(const std::vector<std::string_view>& head, const FormatOptions& options) {
  std::unique_ptr<Format> best;
  int best_score = 0;
  for (const auto& entry : builtin_formats()) {
    auto format = entry.make(options);
    const int score = format->sniff(head);
    if (score > best_score) {
      best_score = score;
      best = std::move(format);
    }
  }
  return best;
}

std::unique_ptr<Format> sniff_format(std::string_view head_text, const FormatOptions& options) {
  return sniff_format(head_lines(head_text, 200), options);
}

Result<LogData> read_log(const std::string& path, const ReadOptions& options) {
  auto bytes = open_bytes(path);
  if (!bytes) return bytes.error();
  auto peek = std::make_unique<PeekSource>(std::move(bytes).take());
  PeekSource& source = *peek;
  auto format = choose_format(path, source, options);
  if (!format) return format.error();
  const std::uint64_t size = plain_file_size(path);
  const std::size_t cores = std::min<std::size_t>(8, usable_cores());  // threads for the parts
  std::optional<LogData> parted;
  if (is_stream(path) && cores >= 2) {
    StreamPartsOptions parts;
    parts.workers = cores;
    parts.table = options.table();
    parted = parse_stream_in_parts(**format, source, parts);
  } else {
    parted = read_in_parts(path, size, cores, **format, options);
  }
  if (parted) {
    parted->source = path;
    parted->format = (*format)->name();
    return std::move(*parted);
  }
  LogData data(options.table());
  data.source = path;
  data.format = (*format)->name();
  LineReader reader(std::move(peek));
  plan_rows(reader, data.table, size);
  (*format)->parse(reader, data);
  return data;
}

Result<std::string> sniffed_format_name(const std::string& path, const ReadOptions& options) {
  auto bytes = open_bytes(path);
  if (!bytes) return bytes.error();
  PeekSource source(std::move(bytes).take());
  auto format = choose_format(path, source, options);
  if (!format) return format.error();
  return (*format)->name();
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
