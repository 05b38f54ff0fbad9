#pragma once
// The one currency of latbench: a named series of numbers with a unit. A run's samples, a log's
// fields and a summary's sources all become Series; stats, plots, compare and gate see only these.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace latbench {

// What a reader passed over, by reason, so no input is lost silently. `first_lines` keeps the
// first few offending line numbers so the user can look.
struct SkipCounts {
  std::uint64_t lines = 0;
  std::map<std::string, std::uint64_t> reasons;
  std::vector<std::uint64_t> first_lines;

  void add(const std::string& reason, std::uint64_t line_number) {
    ++lines;
    ++reasons[reason];
    if (first_lines.size() < 5) first_lines.push_back(line_number);
  }
};

struct Series {
  std::string name;
  std::string unit;            // "ms", "bytes", "%", ... ("" for a plain count)
  std::vector<double> values;  // in record order: index i is the i-th request / record
  SkipCounts skipped;
};

}  // namespace latbench
