#include "compare/log_source.hpp"

#include <fmt/format.h>

#include "logs/field_spec.hpp"
#include "logs/read_log.hpp"

namespace latbench::compare {

Result<Round> read_log_round(const std::filesystem::path& path, const SourceOptions& options,
                             std::string& unit, std::vector<std::string>& notes) {
  logs::ReadOptions read;
  read.format = options.format;
  read.format_options.fields = options.fields;
  read.ids = read.timestamps = false;  // only the series are compared
  auto data = logs::read_log(path.string(), read);
  if (!data) return data.error();
  const std::string wanted = options.fields.empty() ? options.series : logs::field_spec(options.fields[0]).name;
  std::vector<std::string> names;
  for (Series& s : logs::log_series(*data)) {
    names.push_back(s.name);
    if (s.name != wanted) continue;
    Round round;
    round.latency = std::move(s.values);
    round.requests = data->table.rows();
    for (std::size_t r = 0; r < data->table.rows(); ++r) round.errors += data->table.failed(r);
    if (round.latency.empty())
      return input_error(fmt::format("{}: series '{}' has no values", path.string(), wanted));
    unit = s.unit;
    if (data->skipped.lines > 0)
      notes.push_back(fmt::format("{}: {} lines skipped by the {} reader", path.string(),
                                  data->skipped.lines, data->format));
    return round;
  }
  return input_error(fmt::format("{}: the {} log has no series '{}' (it has: {}); choose one with "
                                 "--field or --series",
                                 path.string(), data->format, wanted, fmt::join(names, ", ")));
}

}  // namespace latbench::compare
