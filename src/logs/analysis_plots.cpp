#include "logs/analysis_plots.hpp"

#include <limits>
#include <string_view>

namespace latbench::logs {
namespace {

// group_series names each stage's share of the total "share_<stage>" (percent): a plot of it
// per request says less than the stage breakdown, which shows the shares already.
bool is_share(const Series& s) { return std::string_view(s.name).starts_with("share_"); }

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

}  // namespace latbench::logs
