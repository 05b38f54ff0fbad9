#pragma once
// Small parsers for compare/gate settings given as text ("2%", "p50,p95"), with errors naming
// `what` (the option or key) and the bad token.
#include <string_view>
#include <vector>

#include "compare/metrics.hpp"
#include "core/error.hpp"

namespace latbench::compare {

// "2%" or "2" -> 2.0 (percent); must be finite and >= 0.
Result<double> parse_percent(std::string_view text, std::string_view what);
// "p50,p95,errors" -> metrics in the given order, no duplicates.
Result<std::vector<Metric>> parse_metric_list(std::string_view text, std::string_view what);
// A plain number ("0.05"), finite, in (low, high).
Result<double> parse_number_in(std::string_view text, std::string_view what, double low, double high);

}  // namespace latbench::compare
