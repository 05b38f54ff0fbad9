#pragma once
// What --plot DIR, --plot-format and --export-markdown FILE ask of run, analyze and plot: the
// same three requests, filled by cli/report_flags.hpp.
#include <filesystem>
#include <string>

#include "report/plot_set.hpp"

namespace latbench::app {

struct ReportRequest {
  std::filesystem::path plot_dir;  // empty: no plots
  report::PlotOptions plot;
  std::string markdown;            // empty: no Markdown report

  bool plots() const { return !plot_dir.empty(); }
  bool any() const { return !plot_dir.empty() || !markdown.empty(); }
};

}  // namespace latbench::app
