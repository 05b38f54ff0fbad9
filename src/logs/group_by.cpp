#include "logs/group_by.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

namespace latbench::logs {
namespace {

// numpy's median: the mean of the two middle values of an even count. NaN for none.
double median_of(std::vector<double> v) {
  if (v.empty()) return k_missing;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return lower + (upper - lower) / 2;
}

// Puts the stages in pipeline order: by the median of (time of the stage's line - time of its
// request's first line) over the requests that timed both. Stages never timed keep their
// first-seen place after the timed ones; a stable sort keeps ties in first-seen order.
void order_by_time(RequestRows& r, const std::vector<std::vector<double>>& times) {
  const std::size_t n = r.stages.size();
  std::vector<double> key(n, std::numeric_limits<double>::infinity());
  bool any = false;
  for (std::size_t s = 0; s < n; ++s) {
    std::vector<double> offsets;
    for (const auto& t : times) {
      double first = k_missing;
      for (double x : t)
        if (!std::isnan(x) && (std::isnan(first) || x < first)) first = x;
      if (!std::isnan(t[s])) offsets.push_back(t[s] - first);
    }
    if (!offsets.empty()) {
      key[s] = median_of(std::move(offsets));
      any = true;
    }
  }
  if (!any) return;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  r.ordered_by_time = true;
  auto permute = [&](auto& v) {
    auto copy = v;
    for (std::size_t i = 0; i < n; ++i) v[i] = std::move(copy[order[i]]);
  };
  permute(r.stages);
  permute(r.units);
  for (auto& cells : r.values) permute(cells);
}

}  // namespace

Result<RequestRows> group_by_request(const std::vector<const LogData*>& logs) {
  RequestRows r;
  std::unordered_map<std::string, std::size_t> request_of;
  std::unordered_map<std::string, std::size_t> stage_of;
  std::vector<std::vector<double>> times;  // times[request][stage]: when its first line was logged
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
        for (auto& row : times) row.push_back(k_missing);
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
        times.emplace_back(r.stages.size(), k_missing);
      }
      auto& cells = r.values[it->second];
      const double logged = t.timestamp(row);
      for (std::size_t c = 0; c < stage_index.size(); ++c) {
        const double v = t.at(row, c);
        if (std::isnan(v)) continue;
        if (double& when = times[it->second][stage_index[c]]; std::isnan(when)) when = logged;
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
  order_by_time(r, times);
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

std::vector<StageShare> stage_breakdown(const RequestRows& rows) {
  std::vector<StageShare> out;
  double complete_total = 0;
  for (double t : rows.total)
    if (!std::isnan(t)) complete_total += t;
  const bool any_complete = rows.incomplete < rows.ids.size() && complete_total > 0;
  auto line = [&](std::string name, std::string unit, auto value_of, auto in_complete_of) {
    StageShare share{std::move(name), std::move(unit), 0, 0, 0, k_missing};
    std::vector<double> values;
    double sum = 0, complete_sum = 0;
    for (std::size_t r = 0; r < rows.ids.size(); ++r) {
      const double v = value_of(r);
      if (std::isnan(v)) continue;
      values.push_back(v);
      sum += v;
      if (in_complete_of(r)) complete_sum += v;
    }
    share.count = values.size();
    share.mean = values.empty() ? k_missing : sum / static_cast<double>(values.size());
    share.median = median_of(std::move(values));
    if (any_complete) share.share_pct = 100.0 * complete_sum / complete_total;
    out.push_back(std::move(share));
  };
  auto complete = [&](std::size_t r) { return !std::isnan(rows.total[r]); };
  for (std::size_t s = 0; s < rows.stages.size(); ++s)
    line(rows.stages[s], rows.units[s], [&](std::size_t r) { return rows.values[r][s]; }, complete);
  line("total", "ms", [&](std::size_t r) { return rows.total[r]; }, complete);
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
