#pragma once
// Sorting a series' values for the exact statistics, in place and with no second copy.
// Log latencies repeat a lot (whole milliseconds, tenths of a millisecond): a series of millions
// of values usually holds a few thousand distinct ones. Those are counted in a small hash table
// and written back in order — O(n) instead of std::sort's O(n log n), which was most of analyze's
// time on big logs. Series with too many distinct values fall back to std::sort.
#include <vector>

namespace latbench::stats {

// Largest number of distinct values sorted by counting (the table then takes 2 MiB).
inline constexpr std::size_t k_counting_sort_max_distinct = 1 << 16;

// Sorts `values` ascending (the same sequence std::sort gives; -0.0 and 0.0, being equal, may
// come in either order). Values must not be NaN.
void sort_values(std::vector<double>& values);

}  // namespace latbench::stats
