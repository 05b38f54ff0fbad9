#include "stats/sort_values.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <utility>

namespace latbench::stats {
namespace {

// Open addressing on the value's bits, at most half full. `count == 0` marks an empty slot.
struct Slot {
  std::uint64_t bits;
  std::uint64_t count;
};

constexpr int k_table_bits = 17;  // 2 x k_counting_sort_max_distinct slots
static_assert(std::size_t{1} << (k_table_bits - 1) == k_counting_sort_max_distinct);

// Counts every distinct value of `values` into `table`; false as soon as there are too many.
bool count_distinct(const std::vector<double>& values, std::vector<Slot>& table, std::size_t& distinct) {
  constexpr std::uint64_t k_mask = (std::uint64_t{1} << k_table_bits) - 1;
  // Runs of equal values are common (a steady device prints the same timing again and again).
  std::uint64_t last_bits = 0;
  Slot* last = nullptr;
  for (double v : values) {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    if (last && bits == last_bits) { ++last->count; continue; }
    std::uint64_t i = (bits * 0x9E3779B97F4A7C15ull) >> (64 - k_table_bits);
    while (table[i].count != 0 && table[i].bits != bits) i = (i + 1) & k_mask;
    Slot& slot = table[i];
    if (slot.count == 0) {
      if (distinct == k_counting_sort_max_distinct) return false;
      ++distinct;
      slot.bits = bits;
    }
    ++slot.count;
    last = &slot;
    last_bits = bits;
  }
  return true;
}

}  // namespace

void sort_values(std::vector<double>& values) {
  if (values.size() < 4096) {  // the table would cost more than it saves
    std::sort(values.begin(), values.end());
    return;
  }
  std::vector<Slot> table(std::size_t{1} << k_table_bits, Slot{0, 0});
  std::size_t distinct = 0;
  if (!count_distinct(values, table, distinct)) {
    std::sort(values.begin(), values.end());
    return;
  }
  std::vector<std::pair<double, std::uint64_t>> runs;
  runs.reserve(distinct);
  for (const Slot& s : table)
    if (s.count != 0) runs.emplace_back(std::bit_cast<double>(s.bits), s.count);
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto out = values.begin();
  for (const auto& [value, count] : runs) out = std::fill_n(out, count, value);
}

}  // namespace latbench::stats
