#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "not_built.hpp"

namespace latbench::cli {

void register_analyze(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("analyze", "(not built yet)");
  cmd->footer("Example:\n  latbench analyze samples/esp32.log --trim 3");
  cmd->allow_extras();
  cmd->callback([&action] { action = [] { return not_built_yet("analyze", "5"); }; });
}

}  // namespace latbench::cli
