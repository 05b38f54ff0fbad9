#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "not_built.hpp"

namespace latbench::cli {

void register_run(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("run", "(not built yet)");
  cmd->footer("Example:\n  latbench run --requests 200 --connection persistent");
  cmd->callback([&action] { action = [] { return not_built_yet("run", "2"); }; });
}

}  // namespace latbench::cli
