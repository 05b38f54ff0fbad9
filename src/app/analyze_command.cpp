#include "app/analyze_command.hpp"

#include "app/analyze_plots.hpp"
#include "app/analyze_report.hpp"
#include "core/write_file.hpp"
#include "report/markdown.hpp"
#include "report/sparkline.hpp"
#include "report/summary_table.hpp"

namespace latbench::app {
namespace {

std::string analysis_text(const Analysis& a, const TextWidth& width) {
  std::string out = logs_overview(a, width);
  if (a.summaries.empty()) {
    out += "no timed series in these logs (counts above are all there is)\n";
  } else {
    out += '\n' + report::summary_table(a.summaries, {true, width});
    out += report::sparkline_lines(a.summaries, report::terminal_charset());
    if (auto details = details_table(a, width); !details.empty()) out += '\n' + details;
  }
  if (a.rows) out += '\n' + breakdown_table(*a.rows, width) + '\n' + rows_preview(*a.rows, 10, width);
  const std::string notes = notes_text(a, width);
  if (!notes.empty()) out += '\n' + notes;
  return out;
}

void write_files(const AnalyzeRequest& request, AnalyzeOutcome& out) {
  const Analysis& a = out.analysis;
  if (!request.export_json.empty()) write_analysis_json(request.export_json, a);
  if (!request.export_csv.empty()) (void)write_whole_file(request.export_csv, summary_csv(a)).take();
  if (!request.export_rows.empty() && a.rows)
    (void)write_whole_file(request.export_rows, logs::rows_csv(*a.rows)).take();
  if (request.report.plots())
    out.plots = report::render_plots(analysis_plot_set(a), request.report.plot_dir, request.report.plot);
  if (request.report.markdown.empty()) return;
  report::MarkdownReport md;
  md.title = "latbench analyze";
  md.command = request.command_line;
  md.summaries = a.summaries;
  md.per_request = analysis_per_request(a);
  md.plots = out.plots.files;
  md.notes = a.notes;
  md.notes.insert(md.notes.end(), out.plots.notes.begin(), out.plots.notes.end());
  report::write_markdown_file(request.report.markdown, md);
  out.wrote_markdown = true;
}

}  // namespace

AnalyzeOutcome run_analyze(AnalyzeRequest request) {
  // Plots and the report draw every value in record order: keep them.
  request.options.keep_series = request.report.any();
  AnalyzeOutcome out;
  out.analysis = analyze_logs(request.files, request.options).take();
  out.text = analysis_text(out.analysis, request.width);
  try {
    write_files(request, out);
  } catch (...) {
    out.error = std::current_exception();
  }
  return out;
}

}  // namespace latbench::app
