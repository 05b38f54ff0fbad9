#pragma once
// `--export-markdown FILE`: a report users paste into a README or a PR. It is a rendering of
// the JSON export: the tables print the numbers of report::series_json (rounded to 3 decimals),
// the Mermaid histograms its bins and counts, then the per-request lines and links to the plots.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "report/plot_types.hpp"
#include "stats/summary.hpp"

namespace latbench::report {

struct MarkdownReport {
  std::string title;                      // the heading, e.g. "latbench run: profiles/baseline.yaml"
  std::string command;                    // shown in a code block when set: how to reproduce
  std::vector<stats::Summary> summaries;  // one table row each (+ a trimmed row when trimmed)
  std::vector<PlotSeries> per_request;    // a Mermaid line per request each
  std::vector<PlotFile> plots;            // linked as images, relative to the Markdown file
  std::vector<std::string> notes;         // shown as a list (skipped plots, no gnuplot, ...)
};

// Text safe in Markdown prose and table cells: Markdown punctuation backslash-escaped, HTML
// specials as entities, '|' escaped, newlines as spaces.
std::string markdown_text(std::string_view text);

// The whole document. Links to plots are relative to `markdown_dir` (where the file will live).
std::string markdown_report(const MarkdownReport& report, const std::filesystem::path& markdown_dir);

// A "## Plots" section with one image per plot (links relative to `markdown_dir`); empty when
// there are no plots. Other documents (compare's PR table) append it too.
std::string markdown_plot_links(const std::vector<PlotFile>& plots, const std::filesystem::path& markdown_dir);

// Writes the report to `path` (its directory is where links start); throws latbench::Error
// naming the path when it cannot.
void write_markdown_file(const std::filesystem::path& path, const MarkdownReport& report);

}  // namespace latbench::report
