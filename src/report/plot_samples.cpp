#include "report/plot_samples.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

namespace latbench::report {
namespace {

// ordered_json keeps the server's stage order (recv, queue, decode, ...) instead of sorting keys.
using json = nlohmann::ordered_json;
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

struct Row {
  double total = 0;
  PointFlags flags;
  bool answered = false;  // an HTTP status came back (4xx/5xx included)
  std::optional<double> server_total;
  std::vector<std::pair<std::string, double>> stages;  // server stages except "total"
};

// One line to a Row, or the reason it is skipped.
std::optional<std::string> parse_row(const std::string& line, Row& row) {
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded()) return "not JSON";
  if (!j.is_object()) return "not a JSON object";
  const auto total = j.find("total_ms");
  if (total == j.end() || !total->is_number()) return "no number total_ms";
  row.total = total->get<double>();
  if (!std::isfinite(row.total)) return "total_ms not finite";
  if (const auto w = j.find("warmup"); w != j.end() && w->is_boolean()) row.flags.warmup = w->get<bool>();
  if (const auto s = j.find("status"); s != j.end() && s->is_number()) row.answered = s->get<double>() > 0;
  if (const auto e = j.find("error"); e != j.end() && e->is_string()) {
    row.flags.status = e->get<std::string>() == "timeout" ? PointStatus::timeout : PointStatus::error;
  }
  if (const auto server = j.find("server"); server != j.end() && server->is_object()) {
    for (const auto& [stage, value] : server->items()) {
      if (!value.is_number()) continue;
      if (stage == "total") row.server_total = value.get<double>();
      else row.stages.emplace_back(stage, value.get<double>());
    }
  }
  return std::nullopt;
}

PlotSeries named(std::string name, std::size_t n) {
  PlotSeries s;
  s.name = std::move(name);
  s.unit = "ms";
  s.values.assign(n, k_nan);
  return s;
}

}  // namespace

Result<RecordedRun> read_recorded_run(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return input_error(fmt::format("{}: cannot open the samples file", path.string()));
  RecordedRun run;
  run.name = path.stem().string();
  std::vector<Row> rows;
  std::string line;
  std::uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Row row;
    if (auto reason = parse_row(line, row)) {
      run.skipped.add(*reason, number);
      continue;
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    return input_error(fmt::format("{}: no samples (expected JSON lines with \"total_ms\", as written by "
                                   "'latbench run'){}", path.string(),
                                   run.skipped.lines ? fmt::format(", {} malformed lines", run.skipped.lines) : ""));
  }

  const std::size_t n = rows.size();
  run.total = named("total", n);
  run.total.flags.resize(n);
  Series total{"total", "ms", {}, run.skipped}, server_total{"server_total", "ms", {}, {}},
      overhead{"network_overhead", "ms", {}, {}};
  bool any_server = false;
  std::vector<std::string> stage_order;  // first-seen order, as the server sends them
  std::map<std::string, std::size_t> stage_index;
  for (std::size_t i = 0; i < n; ++i) {
    const Row& r = rows[i];
    run.total.values[i] = r.total;
    run.total.flags[i] = r.flags;
    for (const auto& [stage, value] : r.stages) {
      if (stage_index.emplace(stage, stage_order.size()).second) stage_order.push_back(stage);
    }
    any_server = any_server || r.server_total.has_value();
    if (r.flags.warmup) continue;
    if (r.answered || r.flags.status == PointStatus::timeout) total.values.push_back(r.total);
    else total.skipped.add("failed request (no answer)", i + 1);
    if (r.server_total) {
      server_total.values.push_back(*r.server_total);
      overhead.values.push_back(r.total - *r.server_total);
    }
  }
  run.statistics.push_back(std::move(total));
  if (!any_server) return run;

  run.statistics.push_back(std::move(server_total));
  run.statistics.push_back(std::move(overhead));
  run.server = named("server total", n);
  for (std::size_t k = 0; k < stage_order.size(); ++k) run.stages.push_back(named(stage_order[k], n));
  PlotSeries network = named("network + overhead", n);
  for (std::size_t i = 0; i < n; ++i) {
    const Row& r = rows[i];
    if (!r.server_total) continue;
    run.server->values[i] = *r.server_total;
    network.values[i] = r.total - *r.server_total;
    for (auto& stage : run.stages) stage.values[i] = 0;  // a stage the server did not send took no time
    for (const auto& [stage, value] : r.stages) run.stages[stage_index.at(stage)].values[i] = value;
  }
  run.stages.push_back(std::move(network));
  return run;
}

}  // namespace latbench::report
