#pragma once
// Cell texts shared by every comparison report (terminal, Markdown, CSV): one place decides how a
// value, an interval, a change and a p-value read.
#include <optional>
#include <string>

#include "compare/comparison.hpp"

namespace latbench::compare {

// "41.2ms" for "ms" (adaptive units), "1.20%" for "%", "52.1/s" for "/s", "0.123 <unit>" else.
std::string format_value(double v, const std::string& unit);
// "41.2ms [40.9ms, 41.5ms]", or just the value without an interval, or "-" without a value.
std::string format_side(const SideValue& side, const std::string& unit);
// The candidate's cell: its value (format_side), or on the shift row the signed shift with its
// interval, "+254ms [+120ms, +390ms]".
std::string format_candidate(const MetricComparison& row);
// "+9.9% [+8.8%, +11.0%]" ("pp" for error rates), "-" when unknown.
std::string format_change(const MetricComparison& row);
// "0.012", "<0.001", "-" (untested).
std::string format_p(const std::optional<double>& p);
// Text safe in a Markdown table cell: '|' escaped (it would end the cell), line breaks as spaces.
std::string markdown_cell(const std::string& text);
// The method in a word: "rounds", "per-request", "summary-only".
std::string method_name(Method m);

}  // namespace latbench::compare
