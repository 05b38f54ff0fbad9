#pragma once
// --adaptive-quality 'DEPTH:QUALITY,...': the JPEG quality a viewer's next frame gets from how many
// frames wait in its queue (the users' 'queue > 30: 60, > 15: 70, else 80'). Pure functions.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "server/stream_options.hpp"

namespace latbench::server {

// "30:60,15:70,0:80": steps in any order, each depth a whole number, each quality in 1..100, no
// depth twice. "" gives no steps. Errors (usage) name the 1-based character position and what was
// expected there: "position 4: expected a quality in 1..100 after ':', got 'x'".
Result<std::vector<QualityStep>> parse_adaptive_quality(std::string_view text);

// The quality of the step with the highest depth <= `depth` (the highest matching depth wins);
// `fallback` when no step matches (or there are none).
int select_quality(const std::vector<QualityStep>& steps, std::size_t depth, int fallback);

// The steps as parse_adaptive_quality reads them, highest depth first ("" for none).
std::string format_adaptive_quality(const std::vector<QualityStep>& steps);

}  // namespace latbench::server
