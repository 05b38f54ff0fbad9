#pragma once
// "Did you mean" for misspelt profile and format keys, options and subcommands: the closest
// known name by edit distance, when close enough to be a typo (`conection` -> `connection`).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latbench {

// Levenshtein distance (insert, delete, substitute; a swap of neighbours counts 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` if within max(1, |word| / 3) edits; ties go to the first.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace latbench
