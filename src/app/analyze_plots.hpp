#pragma once
// What `latbench analyze --plot` draws: each series' timeline (by record index), histogram,
// percentiles and CDF, with the log's boots and errors marked on the timelines of its record
// series; after --join the device line against the server line with the overhead between them;
// after --group-by the stages of every request, labelled with their ids. In streaming mode no
// per-record values are kept, so only the histograms (from the summaries) can be drawn.
#include <vector>

#include "app/analyze_logs.hpp"
#include "report/plot_set.hpp"

namespace latbench::app {

// `a` must come from analyze_logs with keep_series set (else only histograms are drawn).
report::PlotSet analysis_plot_set(const Analysis& a);

// The series worth a Markdown line chart: every timed series except the per-request shares.
std::vector<report::PlotSeries> analysis_per_request(const Analysis& a);

}  // namespace latbench::app
