#pragma once
// The terminal table: one row per series, n / min / p50 / mean / p95 / p99 / max / SD, with the
// trimmed statistics beside the untrimmed ones when trimming was asked for (below them, in a
// table of their own, when both side by side would not fit the width).
#include <string>
#include <vector>

#include "core/text_table.hpp"
#include "stats/summary.hpp"

namespace latbench::report {

struct TableOptions {
  bool show_trimmed = true;  // add trimmed columns when any summary has them
  TextWidth width;           // 100 columns unless --wide
};

// One value as the table prints it: adaptive duration units for "ms", whole numbers for large
// or integral values of other units (185312, not 1.853e+05), else 4 significant digits.
std::string format_value(double value, const std::string& unit);

// Plain text, aligned, ending with a newline. Durations ("ms" series) print with adaptive units;
// other units print as numbers with their unit. Empty series say "no data".
std::string summary_table(const std::vector<stats::Summary>& summaries, const TableOptions& options = {});

}  // namespace latbench::report
