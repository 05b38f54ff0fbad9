#pragma once
// The plots and statistics of one recorded run (a samples.jsonl): what `latbench run --plot`
// draws right after a run and `latbench plot` draws later from the file, so both show the same.
#include <filesystem>
#include <string>
#include <vector>

#include "report/run_plot_series.hpp"
#include "report/plot_set.hpp"
#include "stats/summary.hpp"

namespace latbench::report {

struct RecordedPlots {
  PlotSet set;                            // timeline/histogram/percentiles/CDF, device vs server, stages
  std::vector<stats::Summary> summaries;  // total, server_total, network_overhead (warm-up left out)
  PlotSeries per_request;                 // total per request, for the Markdown line chart
  PlotSeries distribution;                // the statistics' total values, named `label`: compare's curves
};

// `label` names the run (the file's stem, a profile name); with `prefixed`, every series name
// starts with "<label>: " so several runs can share one table.
RecordedPlots recorded_plots(RecordedRun run, const std::string& label, bool prefixed,
                             const stats::SummaryOptions& options = {});

// A label for each recorded source, for legends, series names and folder names: the file's
// stem, or for a run's "samples.jsonl" its run folder's name ("runs/keepalive/samples.jsonl" is
// "keepalive"). Labels that would repeat take more of their folders ("keepalive/round-01"
// against "baseline/round-01"), and as a last resort a number ("x #2").
std::vector<std::string> source_labels(const std::vector<std::filesystem::path>& paths);

// True when `path` is one JSON document with "series" (a summary export), not samples.
bool is_summary_document(const std::filesystem::path& path);

// Adds `part`'s files and notes to `total`, saying "gnuplot missing" once.
void merge_outcome(PlotOutcome& total, PlotOutcome part);

}  // namespace latbench::report
