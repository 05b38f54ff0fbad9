#include "logs/group_by.hpp"

#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

namespace latbench::logs {

Result<RequestRows> group_by_request(const std::vector<const LogData*>& logs) {
  RequestRows r;
  std::unordered_map<std::string, std::size_t> request_of;
  std::unordered_map<std::string, std::size_t> stage_of;
  for (const LogData* log : logs) {
    const RecordTable& t = log->table;
    if (!t.has_ids())
      return input_error(fmt::format("--group-by request_id: {} ({} format) carries no request ids", log->source, log->format));
    std::vector<std::size_t> stage_index;
    for (const auto& c : t.columns()) {
      auto [it, added] = stage_of.try_emplace(c.name, r.stages.size());
      if (added) {
        r.stages.push_back(c.name);
        r.units.push_back(c.unit);
        for (auto& row : r.values) row.push_back(k_missing);
      }
      stage_index.push_back(it->second);
    }
    for (std::size_t row = 0; row < t.rows(); ++row) {
      std::string id(t.id(row));
      if (id.empty()) continue;
      auto [it, added] = request_of.try_emplace(id, r.ids.size());
      if (added) {
        r.ids.push_back(std::move(id));
        r.values.emplace_back(r.stages.size(), k_missing);
      }
      auto& cells = r.values[it->second];
      for (std::size_t c = 0; c < stage_index.size(); ++c) {
        const double v = t.at(row, c);
        if (std::isnan(v)) continue;
        double& cell = cells[stage_index[c]];
        if (std::isnan(cell)) {
          cell = v;
        } else {
          cell += v;  // a stage logged twice for one request (a retry): its time counts twice
          ++r.repeated;
        }
      }
    }
  }
  for (const auto& cells : r.values) {
    double sum = 0;
    bool complete = true;
    for (double v : cells) {
      if (std::isnan(v)) complete = false;
      else sum += v;
    }
    r.total.push_back(complete ? sum : k_missing);
    if (!complete) ++r.incomplete;
  }
  return r;
}

std::vector<Series> group_series(const RequestRows& rows) {
  std::vector<Series> out;
  for (std::size_t s = 0; s < rows.stages.size(); ++s) {
    Series series{rows.stages[s], rows.units[s], {}, {}};
    for (const auto& cells : rows.values)
      if (!std::isnan(cells[s])) series.values.push_back(cells[s]);
    out.push_back(std::move(series));
  }
  Series total{"total", "ms", {}, {}};
  for (double t : rows.total)
    if (!std::isnan(t)) total.values.push_back(t);
  out.push_back(std::move(total));
  for (std::size_t s = 0; s < rows.stages.size(); ++s) {
    Series share{"share_" + rows.stages[s], "%", {}, {}};
    for (std::size_t r = 0; r < rows.values.size(); ++r)
      if (!std::isnan(rows.total[r]) && rows.total[r] > 0) share.values.push_back(100.0 * rows.values[r][s] / rows.total[r]);
    out.push_back(std::move(share));
  }
  return out;
}

std::string rows_csv(const RequestRows& rows) {
  std::string out = "request_id";
  for (const auto& s : rows.stages) out += "," + s;
  out += ",total";
  for (const auto& s : rows.stages) out += ",share_" + s + "_pct";
  out += '\n';
  auto cell = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); };
  for (std::size_t r = 0; r < rows.ids.size(); ++r) {
    // Ids come from logs: quote them so a comma or quote in an id cannot shift the columns.
    std::string id = rows.ids[r];
    std::string quoted = "\"";
    for (char ch : id) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    out += quoted + "\"";
    for (double v : rows.values[r]) out += "," + cell(v);
    out += "," + cell(rows.total[r]);
    for (double v : rows.values[r])
      out += "," + (std::isnan(rows.total[r]) || rows.total[r] <= 0 ? std::string() : fmt::format("{:.2f}", 100.0 * v / rows.total[r]));
    out += '\n';
  }
  return out;
}

}  // namespace latbench::logs
