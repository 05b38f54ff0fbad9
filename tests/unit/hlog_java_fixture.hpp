#pragma once
// The fixture HdrHistogram's Java library made (tests/fixtures/hlog/, bench/hlog_vs_hdrhistogram.sh
// --fixture): the values of each interval (values.txt), the log its HistogramLogWriter wrote
// (java_written.hlog) and what the library computed (java_numbers.txt, one line per interval
// and one for their sum: "name count=.. min=.. max=.. mean=.. stddev=.. p0.0=.. p50.0=.. ...").
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/test_paths.hpp"

namespace latbench::test {

struct JavaInterval {
  double start_s = 0, length_s = 0;
  std::string tag;  // "-" in values.txt: none
  std::vector<long long> values;
};

inline std::string hlog_fixture(const std::string& name) { return fixtures_dir() + "/hlog/" + name; }

inline std::vector<JavaInterval> java_intervals() {
  std::vector<JavaInterval> out;
  std::ifstream in(hlog_fixture("values.txt"));
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    JavaInterval i;
    fields >> i.start_s >> i.length_s >> i.tag;
    if (i.tag == "-") i.tag.clear();
    for (long long v; fields >> v;) i.values.push_back(v);
    out.push_back(std::move(i));
  }
  return out;
}

// name -> (field -> value as printed), e.g. numbers["total"]["p99.0"].
inline std::map<std::string, std::map<std::string, std::string>> java_numbers() {
  std::map<std::string, std::map<std::string, std::string>> out;
  std::ifstream in(hlog_fixture("java_numbers.txt"));
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string name, field;
    fields >> name;
    while (fields >> field) {
      const auto eq = field.find('=');
      out[name][field.substr(0, eq)] = field.substr(eq + 1);
    }
  }
  return out;
}

}  // namespace latbench::test
