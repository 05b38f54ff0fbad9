#include "report_flags.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace latbench::cli {

report::PlotOptions ReportFlags::plot_options() const {
  report::PlotOptions options;
  options.format = report::parse_plot_format(plot_format, "--plot-format").take();
  return options;
}

app::ReportRequest ReportFlags::request() const {
  app::ReportRequest r;
  r.plot_dir = plot_dir;
  r.markdown = markdown;
  if (plots()) r.plot = plot_options();
  return r;
}

void add_report_flags(CLI::App& cmd, ReportFlags& flags, const std::string& what) {
  cmd.add_option("--plot", flags.plot_dir, "Directory to draw " + what + " into (created if needed; needs gnuplot)");
  cmd.add_option("--plot-format", flags.plot_format, "png (pngcairo) or svg, 1200x700")->capture_default_str();
  cmd.add_option("--export-markdown", flags.markdown,
                 "Write a Markdown report: tables, Mermaid charts, links to the plots");
}

void print_plot_outcome(const report::PlotOutcome& outcome, bool to_stderr, bool quiet) {
  std::FILE* out = to_stderr ? stderr : stdout;
  if (!quiet)
    for (const auto& file : outcome.files) std::fprintf(out, "wrote %s\n", file.path.string().c_str());
  for (const auto& note : outcome.notes) std::fprintf(stderr, "latbench: %s\n", note.c_str());
  std::fflush(out);
}

}  // namespace latbench::cli
