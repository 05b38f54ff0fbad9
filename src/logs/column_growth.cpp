#include "logs/column_growth.hpp"

#include <algorithm>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace latbench::logs {
namespace {

constexpr std::size_t k_huge_page = std::size_t{2} << 20;

// The whole huge pages inside [begin, end): [first, last), none when last <= first.
struct HugePages {
  std::uintptr_t first, last;
};
[[maybe_unused]] HugePages whole_huge_pages(std::uintptr_t begin, std::uintptr_t end) {
  return {(begin + k_huge_page - 1) & ~(k_huge_page - 1), end & ~(k_huge_page - 1)};
}

// Advises the whole 2 MiB pages inside [data, data + bytes) for huge pages. Only advice: when the
// kernel has none to give, pages stay small and nothing else changes.
void advise_huge_pages([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const auto [first, last] = whole_huge_pages(begin, begin + bytes);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#endif
}

// Gives back to the kernel the whole huge pages of [*from, end), memory never read again (a
// later read would see zeros), and moves *from to the first byte not given back. Whole huge
// pages only: splitting one costs more than it saves.
void release_pages([[maybe_unused]] std::uintptr_t* from, [[maybe_unused]] const void* end) {
#if defined(__linux__)
  const auto [first, last] = whole_huge_pages(*from, reinterpret_cast<std::uintptr_t>(end));
  if (last > first) {
    madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
    *from = last;
  }
#endif
}

}  // namespace

void grow_column(std::vector<double>& values, std::size_t min_capacity) {
  std::size_t capacity = std::max({min_capacity, values.capacity() * 2, std::size_t{1} << 10});
  // Past 64K values a column is a big one: go straight to storage that holds whole huge pages, so
  // that it is not filled again through 4 KiB faults on its way up. Capacity not yet written
  // costs no memory; at most one partly used huge page is resident beyond the values.
  constexpr std::size_t k_big = std::size_t{1} << 16, k_first_huge = 4 * k_huge_page / sizeof(double);
  if (capacity > k_big) capacity = std::max(capacity, k_first_huge);
  if (capacity <= values.capacity()) return;
  std::vector<double> grown;
  grown.reserve(capacity);
  if (capacity >= k_first_huge) advise_huge_pages(grown.data(), capacity * sizeof(double));
  grown.insert(grown.end(), values.begin(), values.end());
  values.swap(grown);
}

void append_column(std::vector<double>& values, std::vector<double>&& later) {
  constexpr std::size_t k_step = (4u << 20) / sizeof(double);  // 4 MiB at a time
  const double* src = later.data();
  const std::size_t n = later.size();
  std::uintptr_t released = reinterpret_cast<std::uintptr_t>(src);
  for (std::size_t done = 0; done < n;) {
    const std::size_t step = std::min(k_step, n - done);
    values.insert(values.end(), src + done, src + done + step);
    done += step;
    // Not the partial page at the end: it may hold the allocator's own bookkeeping.
    if (done < n) release_pages(&released, src + done);
  }
  std::vector<double>().swap(later);
}

}  // namespace latbench::logs
