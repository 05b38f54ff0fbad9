#include "compare/samples_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

namespace latbench::compare {
namespace {

using nlohmann::json;

// The value of the series in one record, or NaN when the record does not carry it.
double series_value(const json& record, const std::string& series) {
  auto number = [](const json& j) {
    return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
  };
  if (auto it = record.find(series + "_ms"); it != record.end()) return number(*it);
  if (auto it = record.find(series); it != record.end()) return number(*it);
  if (series.rfind("server_", 0) == 0) {
    auto server = record.find("server");
    if (server != record.end() && server->is_object()) {
      auto stage = server->find(series.substr(7));
      if (stage != server->end()) return number(*stage);
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

Result<Round> read_samples_round(const std::filesystem::path& path, const std::string& series,
                                 std::vector<std::string>& notes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return input_error(fmt::format("{}: cannot open for reading", path.string()));
  Round round;
  double first_start = std::numeric_limits<double>::infinity();
  double last_end = -std::numeric_limits<double>::infinity();
  std::string line;
  std::size_t line_number = 0;
  std::size_t without_series = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const bool terminated = !in.eof();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object()) {
      if (!terminated) {
        notes.push_back(fmt::format("{}:{}: skipped an unterminated last line (run cut short?)",
                                    path.string(), line_number));
        break;
      }
      return input_error(fmt::format("{}:{}: expected one JSON object per line (a samples.jsonl "
                                     "written by 'latbench run')",
                                     path.string(), line_number));
    }
    if (record.value("warmup", false)) continue;
    ++round.requests;
    std::string error;
    if (auto it = record.find("error"); it != record.end() && it->is_string()) error = *it;
    if (!error.empty()) ++round.errors;
    const double value = series_value(record, series);
    if (std::isfinite(value) && (error.empty() || error == "timeout"))
      round.latency.push_back(value);
    else if (!std::isfinite(value) && error.empty())
      ++without_series;
    auto start = record.find("start_ms");
    auto total = record.find("total_ms");
    if (start != record.end() && start->is_number()) {
      const double s = start->get<double>();
      first_start = std::min(first_start, s);
      const double t = (total != record.end() && total->is_number()) ? total->get<double>() : 0.0;
      last_end = std::max(last_end, s + t);
    }
  }
  if (in.bad()) return input_error(fmt::format("{}: read error", path.string()));
  if (round.requests == 0)
    return input_error(fmt::format("{}: no requests (expected JSON lines with \"total_ms\", "
                                   "written by 'latbench run')",
                                   path.string()));
  if (round.latency.empty())
    return input_error(fmt::format("{}: no request carries the series '{}' (key '{}_ms')",
                                   path.string(), series, series));
  if (without_series > 0)
    notes.push_back(fmt::format("{}: {} successful requests without '{}' left out", path.string(),
                                without_series, series));
  if (last_end > first_start) round.duration_s = (last_end - first_start) / 1000.0;
  return round;
}

}  // namespace latbench::compare
