#pragma once
// A subcommand whose engine is not built yet says so plainly and exits 2: no fake output.
#include <cstdio>

#include "core/error.hpp"

namespace latbench::cli {

inline int not_built_yet(const char* subcommand, const char* issue) {
  std::fprintf(stderr, "latbench %s: not built yet (tracked in issue %s)\n", subcommand, issue);
  return static_cast<int>(ExitCode::usage);
}

}  // namespace latbench::cli
