#include "app/analyze_plots.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <string_view>

namespace latbench::app {
using namespace logs;  // the stages analyze composes
namespace {

// group_series names each stage's share of the total "share_<stage>" (percent): a plot of it
// per request says less than the stage breakdown, which shows the shares already.
bool is_share(const Series& s) { return std::string_view(s.name).starts_with("share_"); }

// The log that `series` has one value per record of, or null. analyze names a series after its
// column, prefixed "<file>:" when it read several logs (a join's server log is not one of them).
const LogInfo* record_log(const Analysis& a, const Series& series, std::size_t index) {
  if (a.rows) return nullptr;                                          // --group-by: pairs of logs
  if (a.join && index + 3 >= a.series.size()) return nullptr;          // the joined pairs
  const std::size_t files = a.join ? 1 : a.logs.size();
  for (std::size_t l = 0; l < files; ++l) {
    const LogInfo& log = a.logs[l];
    const std::string label =
        log.source == "-" ? std::string("stdin") : std::filesystem::path(log.source).filename().string();
    const bool named = files == 1 || std::string_view(series.name).starts_with(label + ":");
    if (named && series.values.size() == log.records) return &log;
  }
  return nullptr;
}

// Boots and errors of `log` onto the timeline of one of its record series: an error that failed
// a record marks that request (a timeout as a timeout), the rest are vertical lines, between
// requests when the axis counts them.
void mark_events(report::PlotSeries& line, const LogInfo& log) {
  const bool by_time = !line.x.empty();
  for (const LogEvent& e : log.events) {
    if (e.on_record && e.row < line.values.size()) {
      if (line.flags.empty()) line.flags.resize(line.values.size());
      line.flags[e.row].status = e.kind == "timeout" ? report::PointStatus::timeout : report::PointStatus::error;
      continue;
    }
    const double x = by_time ? e.seconds : static_cast<double>(e.row) - 0.5;
    if (std::isfinite(x)) line.events.push_back({e.kind, x});
  }
}

}  // namespace

report::PlotSet analysis_plot_set(const Analysis& a) {
  report::PlotSet set;
  if (a.series.size() != a.summaries.size()) {
    set.summary_only = a.summaries;
    return set;
  }
  for (std::size_t i = 0; i < a.series.size(); ++i) {
    if (is_share(a.series[i]) || a.series[i].values.empty()) continue;
    report::PlotSeries line = report::plot_series_from(a.series[i]);
    if (i < a.series_seconds.size() && a.series_seconds[i].size() == line.values.size() && !line.values.empty()) {
      line.x = a.series_seconds[i];
      line.x_label = "time since the first record (s)";
    }
    if (const LogInfo* log = record_log(a, a.series[i], i)) mark_events(line, *log);
    set.latency.push_back({std::move(line), a.summaries[i], {}});
  }
  if (a.join && a.series.size() >= 3) {
    const std::size_t n = a.series.size();
    set.device = report::plot_series_from(a.series[n - 3]);
    set.server = report::plot_series_from(a.series[n - 2]);
  }
  if (a.rows) {
    const RequestRows& rows = *a.rows;
    for (std::size_t k = 0; k < rows.stages.size(); ++k) {
      report::PlotSeries stage;
      stage.name = rows.stages[k];
      stage.unit = k < rows.units.size() ? rows.units[k] : "ms";
      stage.values.reserve(rows.values.size());
      for (const auto& request : rows.values) {
        stage.values.push_back(k < request.size() ? request[k] : std::numeric_limits<double>::quiet_NaN());
      }
      set.stages.push_back(std::move(stage));
    }
    if (rows.ids.size() == rows.values.size()) set.stage_ids = rows.ids;
  }
  return set;
}

std::vector<report::PlotSeries> analysis_per_request(const Analysis& a) {
  std::vector<report::PlotSeries> out;
  for (const auto& s : a.series) {
    if (!is_share(s) && !s.values.empty()) out.push_back(report::plot_series_from(s));
  }
  return out;
}

}  // namespace latbench::app
