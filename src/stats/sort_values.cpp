#include "stats/sort_values.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <utility>

namespace latbench::stats {
namespace {

// One distinct value (its bits) and how often it came; `count == 0` marks an empty slot.
struct Slot {
  std::uint64_t bits;
  std::uint64_t count;
};

// Open addressing on the value's bits, at most half full: from 4096 slots (64 KiB, in cache for
// the usual few hundred distinct latencies) doubling up to 2 x k_counting_sort_max_distinct.
class DistinctCounts {
 public:
  // Counts one more `bits`; false when that would make too many distinct values.
  bool add(std::uint64_t bits) {
    if (m_last && bits == m_last_bits) {  // runs of equal values are common: a steady device
      ++m_last->count;
      return true;
    }
    Slot* slot = find(bits);
    if (slot->count == 0) {
      if (m_distinct == k_counting_sort_max_distinct) return false;
      if (2 * (m_distinct + 1) > m_slots.size()) {
        grow();
        slot = find(bits);
      }
      ++m_distinct;
      slot->bits = bits;
    }
    ++slot->count;
    m_last = slot;
    m_last_bits = bits;
    return true;
  }

  std::size_t distinct() const { return m_distinct; }
  const std::vector<Slot>& slots() const { return m_slots; }

 private:
  Slot* find(std::uint64_t bits) {
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = static_cast<std::size_t>((bits * 0x9E3779B97F4A7C15ull) >> (64 - m_bits));
    while (m_slots[i].count != 0 && m_slots[i].bits != bits) i = (i + 1) & mask;
    return &m_slots[i];
  }

  void grow() {
    std::vector<Slot> old(std::size_t{2} << m_bits, Slot{0, 0});
    old.swap(m_slots);
    ++m_bits;
    for (const Slot& s : old)
      if (s.count != 0) *find(s.bits) = s;
    m_last = nullptr;
  }

  int m_bits = 12;
  std::vector<Slot> m_slots = std::vector<Slot>(std::size_t{1} << 12, Slot{0, 0});
  std::size_t m_distinct = 0;
  Slot* m_last = nullptr;
  std::uint64_t m_last_bits = 0;
};

}  // namespace

void sort_values(std::vector<double>& values) {
  if (values.size() < 4096) {  // the table would cost more than it saves
    std::sort(values.begin(), values.end());
    return;
  }
  DistinctCounts counts;
  for (double v : values) {
    if (!counts.add(std::bit_cast<std::uint64_t>(v))) {
      std::sort(values.begin(), values.end());
      return;
    }
  }
  std::vector<std::pair<double, std::uint64_t>> runs;
  runs.reserve(counts.distinct());
  for (const Slot& s : counts.slots())
    if (s.count != 0) runs.emplace_back(std::bit_cast<double>(s.bits), s.count);
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto out = values.begin();
  for (const auto& [value, count] : runs) out = std::fill_n(out, count, value);
}

}  // namespace latbench::stats
