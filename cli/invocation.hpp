#pragma once
// The command line as the user typed it, for reports that say how to make them again: the
// arguments themselves, not a rebuild from parsed options that forgets the ones it was not told
// about.
#include <string>

namespace latbench::cli {

// Called once by main() before parsing.
void remember_invocation(int argc, const char* const* argv);
// "latbench analyze 'my log.txt' --trim 3": the program named latbench, every argument quoted
// for a POSIX shell where it needs it.
const std::string& invocation();

}  // namespace latbench::cli
