#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "not_built.hpp"

namespace latbench::cli {

void register_serve(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("serve", "(not built yet)");
  cmd->footer("Example:\n  latbench serve --port 8000");
  cmd->callback([&action] { action = [] { return not_built_yet("serve", "2"); }; });
}

}  // namespace latbench::cli
