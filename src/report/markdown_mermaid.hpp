#pragma once
// Mermaid `xychart-beta` blocks for the Markdown report: the charts these users already draw by
// hand in their GitHub write-ups. Numbers are the statistics' own: bars are the Summary's
// histogram (the JSON export's "histogram"), consecutive bins summed when there are many.
#include <cstddef>
#include <string>
#include <string_view>

#include "report/plot_types.hpp"
#include "stats/summary.hpp"

namespace latbench::report {

// Text safe inside a Mermaid double-quoted string: '"' '#' '<' '>' become Mermaid entity codes
// (#quot; #35; #lt; #gt;), control characters (a newline would end the statement) spaces.
std::string mermaid_text(std::string_view text);

// A ```mermaid fenced block: the histogram as bars up to the end of its body (see visible_bins:
// a rare far tail is counted in the title); more than `max_bars` bins are summed in consecutive
// groups of equal size (the title says so), so each bar spans edges of the JSON export. One
// category "lo-hi" per bar, in the series' display unit (display_unit: us for a 30 us series,
// s for ESP32 uploads of seconds) and to the precision of its width. Empty string when the
// summary has no bins.
inline constexpr std::size_t k_mermaid_max_bars = 16;
std::string mermaid_histogram(const stats::Summary& summary, std::size_t max_bars = k_mermaid_max_bars);

// A ```mermaid fenced block: the value of each request as a line. Beyond `max_points`
// requests, consecutive groups are averaged and the title says so. Values are rounded to
// 3 decimals. Empty string when there are no values.
std::string mermaid_per_request(const PlotSeries& series, std::size_t max_points = 300);

// A number as the report prints it: at most 3 decimals, trailing zeros dropped ("41.235",
// "12", "0.5"); "-" when not finite.
std::string markdown_number(double value);

}  // namespace latbench::report
