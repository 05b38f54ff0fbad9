#pragma once
// Durations written into resolved profiles must read back to the same nanoseconds, so they use
// the largest unit that divides them evenly ("1500ms", not "1.50s").
#include <string>

#include "core/duration.hpp"

namespace latbench::profile {

std::string format_duration_exact(Nanos d);

}  // namespace latbench::profile
