#pragma once
// `latbench analyze` end to end: analyze the logs, render the terminal text, write the exports,
// the plots and the Markdown report asked for. The CLI only fills AnalyzeRequest and prints the
// AnalyzeOutcome.
#include <exception>
#include <string>
#include <vector>

#include "app/analyze_logs.hpp"
#include "app/report_request.hpp"
#include "core/text_table.hpp"

namespace latbench::app {

struct AnalyzeRequest {
  std::vector<std::string> files;      // '-' is stdin
  AnalyzeOptions options;              // keep_series is set here when plots or a report are asked for
  TextWidth width;                     // of the terminal text
  std::string export_json, export_csv, export_rows;  // empty: not written
  ReportRequest report;
  std::string command_line;            // shown in the Markdown report
};

struct AnalyzeOutcome {
  Analysis analysis;
  std::string text;                    // logs overview, summary and details tables, notes
  report::PlotOutcome plots;           // the files drawn, notes about the rest
  bool wrote_markdown = false;
  // A file that could not be written (export, plot, report), after `text` was made: the caller
  // prints what there is, then rethrows it (latbench::Error, exit 2). Later files were not written.
  std::exception_ptr error;
};

// Throws latbench::Error for a bad read or option combination (analyze_logs), before any output.
AnalyzeOutcome run_analyze(AnalyzeRequest request);

}  // namespace latbench::app
