#pragma once
// Walking ascending values run by run. Log latencies repeat (whole milliseconds, tenths): a
// sorted series of millions of values is a few thousand runs of equal values, and sums, modes and
// histogram counts need each run's value and length, not a step per value. A run's end is found
// by galloping (doubling steps, then a binary search): O(log run) per run, and for values that do
// not repeat, one comparison each.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace latbench::stats {

// The end of the prefix of [first, last) whose values satisfy `pred` (true for *first, and
// monotone: once false, false to the end).
template <class It, class Pred>
It gallop_end(It first, It last, Pred pred) {
  std::ptrdiff_t step = 1;
  while (step < last - first && pred(first[step])) step *= 2;
  return std::partition_point(first + step / 2, first + std::min(step, last - first), pred);
}

// Calls fn(value, count) for every run of equal values of `sorted` (ascending), in order.
template <class Fn>
void for_each_run(const std::vector<double>& sorted, Fn&& fn) {
  auto first = sorted.begin();
  const auto last = sorted.end();
  while (first != last) {
    const double v = *first;
    if (first + 1 == last || first[1] != v) {  // no repeat: no search
      fn(v, std::size_t{1});
      ++first;
      continue;
    }
    const auto end = gallop_end(first + 1, last, [v](double x) { return x == v; });
    fn(v, static_cast<std::size_t>(end - first));
    first = end;
  }
}

}  // namespace latbench::stats
