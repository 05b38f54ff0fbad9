#include "common/test_paths.hpp"

namespace latbench::test {

const std::string& source_dir() {
  static const std::string dir = LATBENCH_SOURCE_DIR;
  return dir;
}

const std::string& fixtures_dir() {
  static const std::string dir = LATBENCH_FIXTURES;
  return dir;
}

std::string sample(const std::string& name) { return source_dir() + "/samples/" + name; }

}  // namespace latbench::test
