#pragma once
// Two distributions in one Mermaid chart for compare's Markdown: the baseline as bars, the
// candidate as a line, on the same bins, each as its share of its own requests (the sides may
// have different counts). Mermaid draws overlapping bars hiding each other and has no legend:
// bar + line keeps both visible and the title says which is which.
#include <cstddef>
#include <string>
#include <string_view>

#include "report/markdown_mermaid.hpp"
#include "report/plot_types.hpp"

namespace latbench::report {

// A ```mermaid fenced block. Bins: a 1-2-5 width, at most `max_bars` of them, from the smallest
// value to the larger of the two p99s (to the largest value when it is within 1.5 x that), so a
// far tail does not squash the body; what lies beyond is counted per side in the title. Edges in
// the display unit (display_unit), to the precision of the width; shares in % to 0.1. Empty
// string when either side has no values or their units differ. `what` names the series compared
// ("total"); each side's name is its label.
std::string mermaid_distributions(std::string_view what, const PlotSeries& base, const PlotSeries& cand,
                                  std::size_t max_bars = k_mermaid_max_bars);

}  // namespace latbench::report
