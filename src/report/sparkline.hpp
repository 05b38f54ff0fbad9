#pragma once
// The shape of a distribution in the terminal, so it shows without opening any file: a one-line
// sparkline of the histogram and a small text histogram. Unicode block characters when the
// locale says UTF-8, plain ASCII otherwise (a serial console, a CI log viewer, `LANG=C`).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stats/histogram.hpp"
#include "stats/summary.hpp"

namespace latbench::report {

enum class Charset { unicode, ascii };

// UTF-8 when the first set of LC_ALL, LC_CTYPE, LANG names a UTF-8 codeset (null = unset).
Charset charset_from_locale(const char* lc_all, const char* lc_ctype, const char* lang);
// The same, from this process's environment.
Charset terminal_charset();

// Adjacent bins summed into at most `columns` groups of equal bin count (the last may hold
// fewer); `edges` (counts.size() + 1) are merged alike when given.
struct MergedBins {
  std::vector<double> edges;
  std::vector<std::uint64_t> counts;
};
MergedBins merge_bins(const stats::Histogram& histogram, std::size_t columns);

// One character per count, its height proportional to the count relative to the largest
// (9 levels); a non-zero count never rounds down to blank, so rare bins stay visible.
std::string sparkline(const std::vector<std::uint64_t>& counts, Charset charset);

// "41.0ms ▁▃█▆▃▂▁  ▁ 98.0ms  +2 above": the histogram in at most `columns` characters between
// its first and last shown edge; a far tail (see visible_bins) and values outside explicit edges
// are counted after it. Empty when the histogram has no bins.
std::string histogram_sparkline(const stats::Histogram& histogram, std::string_view unit,
                                Charset charset, std::size_t columns = 40);

// One line per summary with a histogram: its name (padded to the longest) and its
// histogram_sparkline. Empty when no summary has bins.
std::string sparkline_lines(const std::vector<stats::Summary>& summaries, Charset charset);

// Up to `rows` lines "  40.0ms - 45.0ms |██████▌ 72": horizontal bars with eighth-block
// precision (ASCII: '#'), each ending in its count. Ends with a newline; empty without bins.
std::string text_histogram(const stats::Histogram& histogram, std::string_view unit, Charset charset,
                           std::size_t rows = 10, std::size_t bar_width = 40);

}  // namespace latbench::report
