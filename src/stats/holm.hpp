#pragma once
// Holm's step-down correction: when several metrics are tested at once, keeps the chance of any
// false "significant" at or under alpha without Bonferroni's loss of power.
#include <span>
#include <vector>

namespace latbench::stats {

// Adjusted p-values, in the input order: sort ascending, p'_(i) = max over j <= i of
// min(1, (m - j + 1) p_(j)). Reject hypothesis i at level alpha iff adjusted[i] < alpha.
std::vector<double> holm_adjust(std::span<const double> p_values);

}  // namespace latbench::stats
