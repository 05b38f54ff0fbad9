#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "not_built.hpp"

namespace latbench::cli {

void register_gate(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("gate", "(not built yet)");
  cmd->footer("Example:\n  latbench gate --baseline base.json --candidate cand.json --max 'p95=+10%'");
  cmd->allow_extras();
  cmd->callback([&action] { action = [] { return not_built_yet("gate", "7"); }; });
}

}  // namespace latbench::cli
