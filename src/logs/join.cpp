#include "logs/join.hpp"

#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

namespace latbench::logs {

Result<std::size_t> pair_column(const LogData& log, const std::string& wanted, const std::string& option) {
  const auto& cols = log.table.columns();
  auto names = [&] {
    std::string out;
    for (const auto& c : cols) out += (out.empty() ? "" : ", ") + c.name;
    return out.empty() ? std::string("no timed series") : out;
  };
  if (!wanted.empty()) {
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (cols[i].name == wanted) return i;
    return input_error(fmt::format("{} {}: {} ({} format) has no such series (it has: {})", option, wanted, log.source,
                                   log.format, names()));
  }
  for (std::string_view preferred : {"total", "request_time", "time_taken", "duration"})
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (cols[i].name == preferred) return i;
  std::size_t timed = 0, last_timed = 0;
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols[i].unit == "ms") ++timed, last_timed = i;
  if (timed == 1) return last_timed;
  if (cols.size() == 1) return std::size_t{0};
  return input_error(fmt::format("--join: {} ({} format) has no series called 'total' to pair; choose one with {} NAME "
                                 "(it has: {})", log.source, log.format, option, names()));
}

Result<JoinResult> join_logs(const LogData& device, const LogData& server, JoinOn on, const JoinSeries& series) {
  auto dc = pair_column(device, series.device, "--device-series");
  if (!dc) return dc.error();
  auto sc = pair_column(server, series.server, "--server-series");
  if (!sc) return sc.error();
  JoinResult r;
  r.device_column = device.table.columns()[*dc].name;
  r.server_column = server.table.columns()[*sc].name;
  r.device_total = {"device_" + r.device_column, "ms", {}, device.skipped};
  r.server_total = {"server_" + r.server_column, "ms", {}, server.skipped};
  r.network_overhead = {"network_overhead", "ms", {}, {}};
  auto pair = [&](double d, double s) {
    r.device_total.values.push_back(d);
    r.server_total.values.push_back(s);
    r.network_overhead.values.push_back(d - s);
    if (d - s < 0) ++r.negative_overhead;
  };

  const RecordTable& dt = device.table;
  const RecordTable& st = server.table;
  if (on == JoinOn::order) {
    // Records with a total, in order: the i-th request the device timed is the i-th the server saw.
    std::vector<double> d, s;
    for (std::size_t i = 0; i < dt.rows(); ++i)
      if (double v = dt.at(i, *dc); !std::isnan(v)) d.push_back(v);
    for (std::size_t i = 0; i < st.rows(); ++i)
      if (double v = st.at(i, *sc); !std::isnan(v)) s.push_back(v);
    const std::size_t n = std::min(d.size(), s.size());
    for (std::size_t i = 0; i < n; ++i) pair(d[i], s[i]);
    r.device_unpaired = d.size() - n;
    r.server_unpaired = s.size() - n;
    return r;
  }
  for (const LogData* log : {&device, &server})
    if (!log->table.has_ids())
      return input_error(fmt::format("--on request_id: {} ({} format) carries no request ids; use --on order",
                                     log->source, log->format));
  std::unordered_map<std::string_view, std::size_t> server_rows;
  for (std::size_t i = 0; i < st.rows(); ++i)
    if (!st.id(i).empty() && !std::isnan(st.at(i, *sc))) server_rows.emplace(st.id(i), i);
  std::size_t used = 0;
  for (std::size_t i = 0; i < dt.rows(); ++i) {
    const double d = dt.at(i, *dc);
    if (std::isnan(d)) continue;
    auto it = server_rows.find(dt.id(i));
    if (it == server_rows.end()) { ++r.device_unpaired; continue; }
    pair(d, st.at(it->second, *sc));
    r.ids.emplace_back(dt.id(i));
    ++used;
  }
  r.server_unpaired = server_rows.size() - std::min(used, server_rows.size());
  return r;
}

}  // namespace latbench::logs
