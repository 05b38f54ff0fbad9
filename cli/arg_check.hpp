#pragma once
// Checks of the command line that CLI11 does not make, or makes too late to help.
#include <string>

namespace CLI {
class App;
}

namespace latbench::cli {

// Before parsing: the subcommand and every `--name` after it must exist, else usage_error with the
// nearest name ("did you mean") and the --help to read. CLI11 validates positionals before it
// reports unknown options, so `run --conection new` said "profile: File does not exist: new".
void check_words(const CLI::App& app, int argc, const char* const* argv);

// Adds the count check to every unsigned option of every subcommand: CLI11 reads them with
// strtoull, which turns "-5" into 18446744073709551611 instead of refusing it.
void refuse_negative_counts(CLI::App& app);

// The hint after a parse error: the chosen subcommand's --help, or latbench's.
std::string help_hint(const CLI::App& app);

}  // namespace latbench::cli
