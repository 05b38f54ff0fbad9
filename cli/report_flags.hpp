#pragma once
// --plot DIR, --plot-format and --export-markdown FILE: the same three options on run, analyze,
// compare and plot, and the same way of saying what they wrote.
#include <string>

#include "app/report_request.hpp"
#include "report/plot_set.hpp"

namespace CLI {
class App;
}

namespace latbench::cli {

struct ReportFlags {
  std::string plot_dir;
  std::string plot_format = "png";
  std::string markdown;

  bool plots() const { return !plot_dir.empty(); }
  bool any() const { return !plot_dir.empty() || !markdown.empty(); }
  // The parsed --plot-format; throws a usage error naming the option.
  report::PlotOptions plot_options() const;
  // As the app's request; --plot-format is parsed (and may throw) only when --plot is given.
  app::ReportRequest request() const;
};

// `what` completes "Directory to draw ... into", e.g. "the run's plots".
void add_report_flags(CLI::App& cmd, ReportFlags& flags, const std::string& what);

// "wrote FILE" per plot on stdout (stderr when stdout carries JSON; not at all when `quiet`),
// notes (skipped plots, no gnuplot) always on stderr.
void print_plot_outcome(const report::PlotOutcome& outcome, bool to_stderr = false, bool quiet = false);

}  // namespace latbench::cli
