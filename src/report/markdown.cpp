#include "report/markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/write_file.hpp"
#include "report/json_export.hpp"
#include "report/markdown_mermaid.hpp"

namespace latbench::report {
namespace {

using nlohmann::json;

// Table columns: header and the JSON key path they print (same order as the terminal table).
struct Column {
  const char* header;
  const char* key;
  const char* percentile;  // non-null: inside "percentiles"
};
constexpr Column k_columns[] = {
    {"n", "count", nullptr},   {"min", "min", nullptr},      {"p50", nullptr, "p50"},
    {"p90", nullptr, "p90"},   {"p95", nullptr, "p95"},      {"p99", nullptr, "p99"},
    {"p99.9", nullptr, "p99.9"}, {"max", "max", nullptr},    {"mean", "mean", nullptr},
    {"SD", "sd", nullptr},
};

std::string cell(const json& stats, const Column& column) {
  const json& v = column.percentile ? stats.at("percentiles").at(column.percentile) : stats.at(column.key);
  if (v.is_null()) return "-";
  if (v.is_number_integer() || v.is_number_unsigned()) return fmt::format("{}", v.get<std::uint64_t>());
  return markdown_number(v.get<double>());
}

void table_row(std::string& out, const std::string& label, const std::string& unit, const json& stats) {
  out += "| " + label + " | " + unit + " |";
  if (stats.at("count").get<std::uint64_t>() == 0) {
    out += " 0 | no data |";
    for (std::size_t i = 2; i < std::size(k_columns); ++i) out += " |";
    out += "\n";
    return;
  }
  for (const Column& column : k_columns) out += " " + cell(stats, column) + " |";
  out += "\n";
}

std::string summary_table(const std::vector<stats::Summary>& summaries) {
  std::string out = "| series | unit |";
  std::string rule = "|---|---|";
  for (const Column& column : k_columns) {
    out += fmt::format(" {} |", column.header);
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const auto& summary : summaries) {
    const json j = series_json(summary);
    const std::string name = markdown_text(summary.name);
    const std::string unit = markdown_text(summary.unit);
    table_row(out, name, unit, j);
    if (summary.trimmed) {
      table_row(out, fmt::format("{} (trimmed {} low, {} high)", name, summary.trim_low, summary.trim_high), unit,
                j.at("trimmed"));
    }
  }
  return out;
}

// A path as a Markdown link target: relative, '/'-separated, spaces and parentheses encoded.
std::string link_target(const std::filesystem::path& file, const std::filesystem::path& markdown_dir) {
  std::error_code ec;
  std::filesystem::path rel = std::filesystem::relative(file, markdown_dir.empty() ? "." : markdown_dir, ec);
  if (ec || rel.empty()) rel = std::filesystem::absolute(file, ec);
  std::string out;
  for (char c : rel.generic_string()) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || c == '(' || c == ')' || c == '<' || c == '>' || u >= 0x7F) out += fmt::format("%{:02X}", u);
    else out.push_back(c);
  }
  return out;
}

}  // namespace

std::string markdown_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) out.push_back(' ');
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (std::string_view("\\`*_{}[]()#+!|~").find(c) != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(c);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string markdown_plot_links(const std::vector<PlotFile>& plots, const std::filesystem::path& markdown_dir) {
  if (plots.empty()) return {};
  std::string out = "## Plots\n\n";
  for (const auto& plot : plots) {
    out += fmt::format("![{}]({})\n\n", markdown_text(plot.title), link_target(plot.path, markdown_dir));
  }
  return out;
}

std::string markdown_report(const MarkdownReport& report, const std::filesystem::path& markdown_dir) {
  std::string out = "# " + markdown_text(report.title.empty() ? "latbench report" : report.title) + "\n\n";
  if (!report.command.empty()) {
    // A fence longer than any backtick run in the command, so the command cannot close it.
    std::size_t longest = 0, run = 0;
    for (char c : report.command) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    out += fence + "sh\n" + report.command + "\n" + fence + "\n\n";
  }
  out += "## Summary\n\n";
  out += "Percentiles use linear interpolation between order statistics (numpy's default); SD is the "
         "sample SD (n-1).\n\n";
  out += summary_table(report.summaries) + "\n";

  bool any_histogram = false;
  for (const auto& summary : report.summaries) {
    const std::string block = mermaid_histogram(summary);
    if (block.empty()) continue;
    if (!any_histogram) out += "## Histograms\n\n";
    any_histogram = true;
    out += block + "\n";
  }
  bool any_line = false;
  for (const auto& series : report.per_request) {
    const std::string block = mermaid_per_request(series);
    if (block.empty()) continue;
    if (!any_line) out += "## Per request\n\n";
    any_line = true;
    out += block + "\n";
  }
  out += markdown_plot_links(report.plots, markdown_dir);
  if (!report.notes.empty()) {
    out += "## Notes\n\n";
    for (const auto& note : report.notes) out += "- " + markdown_text(note) + "\n";
    out += "\n";
  }
  return out;
}

void write_markdown_file(const std::filesystem::path& path, const MarkdownReport& report) {
  const std::string text = markdown_report(report, path.parent_path());
  (void)write_whole_file(path, text).take();
}

}  // namespace latbench::report
