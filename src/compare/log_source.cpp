#include "compare/log_source.hpp"

#include <fmt/format.h>

#include "logs/field_spec.hpp"
#include "logs/main_series.hpp"
#include "logs/read_log.hpp"

namespace latbench::compare {

Result<std::string> sniff_source_format(const std::filesystem::path& path) {
  auto name = logs::sniffed_format_name(path.string(), logs::ReadOptions{});
  if (name) return name;
  const Error& e = name.error();
  // Only a file that is there but that no format reads gets the hints (not one that cannot open).
  if (std::string_view(e.what()).find("matches no") == std::string_view::npos) return e;
  return input_error(fmt::format(
      "{}; compare and gate also take --field NAME (the JSON-lines or CSV field to compare, with "
      "--format jsonl or csv) and --series NAME (which of the format's series)",
      e.what()));
}

Result<Round> read_log_round(const std::filesystem::path& path, const SourceOptions& options,
                             std::string& unit, std::string& series, std::vector<std::string>& notes) {
  logs::ReadOptions read;
  read.format = options.format;
  read.format_options.fields = options.fields;
  read.ids = read.timestamps = false;  // only the series are compared
  auto data = logs::read_log(path.string(), read);
  if (!data) return data.error();
  std::vector<Series> all = logs::log_series(*data);
  std::vector<std::string> names;
  for (const Series& s : all) names.push_back(s.name);
  std::string wanted = options.fields.empty() ? options.series : logs::field_spec(options.fields[0]).name;
  std::string how;
  if (wanted.empty()) {
    wanted = logs::main_series(all);
    if (wanted.empty())
      return input_error(fmt::format("{}: the {} log has no main latency series (it has: {}); choose one "
                                     "with --series NAME (or --field NAME)",
                                     path.string(), data->format, names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
    how = fmt::format(" (the {} log's main series)", data->format);
  }
  for (Series& s : all) {
    if (s.name != wanted) continue;
    Round round;
    round.latency = std::move(s.values);
    round.requests = data->table.rows();
    for (std::size_t r = 0; r < data->table.rows(); ++r) round.errors += data->table.failed(r);
    if (round.latency.empty())
      return input_error(fmt::format("{}: series '{}' has no values", path.string(), wanted));
    unit = s.unit;
    series = wanted + how;
    if (data->skipped.lines > 0)
      notes.push_back(fmt::format("{}: {} lines skipped by the {} reader", path.string(),
                                  data->skipped.lines, data->format));
    return round;
  }
  return input_error(fmt::format("{}: the {} log has no series '{}' (it has: {}); choose one with "
                                 "--series NAME (or --field NAME)",
                                 path.string(), data->format, wanted, fmt::join(names, ", ")));
}

}  // namespace latbench::compare
