#pragma once
// Runs the real latbench binary (or any program) with arguments, capturing stdout, stderr and the
// exit code, with a deadline so a hung child fails the test instead of hanging ctest.
#include <chrono>
#include <string>
#include <vector>
#include "common/test_paths.hpp"

namespace latbench::test {

struct ProcessResult {
  int exit_code = -1;     // 128 + signal when killed by a signal
  std::string out;
  std::string err;
  bool timed_out = false;
};

ProcessResult run_process(const std::vector<std::string>& argv,
                          std::chrono::milliseconds deadline = std::chrono::seconds(60),
                          const std::string& stdin_text = {});

// run_process with the latbench binary (test::latbench_binary()) prepended.
ProcessResult run_latbench(const std::vector<std::string>& args,
                           std::chrono::milliseconds deadline = std::chrono::seconds(60),
                           const std::string& stdin_text = {});

// A fresh empty directory under the system temp dir, removed with everything in it when the test
// process exits (unless LATBENCH_KEEP_TEST_DIRS=1).
std::string make_temp_dir(const std::string& prefix = "latbench-test");

}  // namespace latbench::test
