#pragma once
// Runs a program with a pseudo-terminal as its stdin, stdout and stderr, as when a user types the
// command in a terminal: for what a program prints only when isatty() says yes (the progress
// line). Everything the program wrote, in order, comes back as one string (the terminal turns
// "\n" into "\r\n").
#include <chrono>
#include <string>
#include <vector>

#include "process.hpp"

namespace latbench::test {

// Fills ProcessResult::out (err stays empty: both streams share the terminal).
ProcessResult run_under_pty(const std::vector<std::string>& argv,
                            std::chrono::milliseconds deadline = std::chrono::seconds(60));

}  // namespace latbench::test
