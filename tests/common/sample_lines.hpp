#pragma once
// A run folder's samples.jsonl as parsed lines, for tests that check each upload's own figures.
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace latbench::test {

inline std::vector<nlohmann::json> sample_lines(const std::string& run_dir) {
  std::ifstream in(run_dir + "/samples.jsonl");
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace latbench::test
