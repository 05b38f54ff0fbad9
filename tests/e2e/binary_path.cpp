#include "common/test_paths.hpp"

namespace latbench::test {

const std::string& latbench_binary() {
  static const std::string path = LATBENCH_BINARY;
  return path;
}

}  // namespace latbench::test
