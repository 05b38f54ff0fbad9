#pragma once
// `latbench plot SOURCE...` end to end: read recorded sources (samples.jsonl of runs, summary JSON
// documents), draw each one's plots (into its own folder when there are several) and the
// sources overlaid, write the Markdown report. The CLI only fills PlotRequest and prints the
// PlotCommandOutcome.
#include <exception>
#include <string>
#include <vector>

#include "app/report_request.hpp"
#include "stats/summary.hpp"

namespace latbench::app {

struct PlotRequest {
  std::vector<std::string> sources;
  // One name per source (the caller checks the count); empty: report::source_labels' names.
  std::vector<std::string> labels;
  stats::SummaryOptions summary;       // histogram bins of samples sources
  ReportRequest report;                // at least one of plot_dir and markdown
  std::string command_line;            // shown in the Markdown report
};

struct PlotCommandOutcome {
  std::string text;                    // the sources' summary table and sparklines
  report::PlotOutcome plots;           // every file drawn; notes on skipped sources and plots
  bool wrote_markdown = false;
  int exit_code = 0;                   // 2 when gnuplot is missing: plots were the point
  // The Markdown report could not be written, after everything else was made: the caller prints
  // what there is, then rethrows it.
  std::exception_ptr error;
};

// Throws latbench::Error (input) naming a missing or malformed source; when every source is
// empty; when a plot folder cannot be created or gnuplot fails.
PlotCommandOutcome run_plot(const PlotRequest& request);

}  // namespace latbench::app
