#pragma once
// Trimming: drop the k smallest and k largest values ("--trim 3"), or a share of each end
// ("--trim 2.5%"), as users do by eye in spreadsheets today.
#include <cstddef>
#include <string_view>

#include "core/error.hpp"

namespace latbench::stats {

struct Trim {
  enum class Kind { none, count, share };
  Kind kind = Kind::none;
  double amount = 0;  // k values per end (count) or a fraction in [0, 0.5) per end (share)
};

// "3" -> count 3 per end; "2.5%" -> share 0.025 per end. Errors name `what`.
Result<Trim> parse_trim(std::string_view text, std::string_view what = "trim");

// How many values to drop from each end of n values. Never drops everything: when 2k >= n the
// trim is reported as 0 (and the caller says why).
std::size_t trim_per_end(const Trim& trim, std::size_t n);

}  // namespace latbench::stats
