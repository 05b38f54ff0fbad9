#pragma once
// Runs gnuplot as a child process. The script goes to its stdin (from an in-memory file, so a
// gnuplot that stops early cannot SIGPIPE us) and its stdout goes straight to the output file,
// so no path is ever part of the script. We spawn gnuplot ourselves rather than through
// gnuplot-iostream: that library starts gnuplot via popen (a shell command line), cannot tell
// "gnuplot is not installed" from "gnuplot failed", and hides gnuplot's exit status and errors.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "report/plot_types.hpp"

namespace latbench::report {

// Thrown when the gnuplot program cannot be found; what() is the one-line install hint.
class GnuplotMissing : public Error {
 public:
  explicit GnuplotMissing(std::string_view program);
};

// The one line users see when gnuplot is absent.
std::string gnuplot_missing_message(std::string_view program = "gnuplot");

// True when `program` names an executable (searched in PATH when it has no '/').
bool gnuplot_available(std::string_view program = "gnuplot");

// Runs options.gnuplot on `script`, writing what it prints to `output` (created or truncated).
// Throws GnuplotMissing, or latbench::Error (naming the output and quoting gnuplot's first
// error line) when gnuplot fails; a failed render leaves no partial file behind.
void run_gnuplot(const std::string& script, const std::filesystem::path& output,
                 const PlotOptions& options);

}  // namespace latbench::report
