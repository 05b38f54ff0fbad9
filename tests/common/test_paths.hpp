#pragma once
// Where the tests find the checkout, its fixtures and the latbench binary. The paths are compiled
// into one file each (test_paths.cpp, e2e/binary_path.cpp) rather than passed as -D to every test
// file: an absolute path on every command line made each checkout's test objects differ, so a
// new worktree recompiled all of them instead of taking them from ccache.
#include <string>

namespace latbench::test {

const std::string& source_dir();    // the checkout (holds samples/, profiles/, tests/)
const std::string& fixtures_dir();  // tests/fixtures
std::string sample(const std::string& name);  // samples/NAME

// The latbench binary under test (e2e tests only).
const std::string& latbench_binary();

// Debian's Python, whatever python3 is first on PATH: ./dev deps gives it websockets and msgpack,
// the peers' libraries.
inline constexpr const char* k_system_python = "/usr/bin/python3";

}  // namespace latbench::test
