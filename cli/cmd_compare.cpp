#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "not_built.hpp"

namespace latbench::cli {

void register_compare(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("compare", "(not built yet)");
  cmd->footer("Example:\n  latbench compare profiles/baseline.yaml profiles/keepalive.yaml");
  cmd->allow_extras();
  cmd->callback([&action] { action = [] { return not_built_yet("compare", "7"); }; });
}

}  // namespace latbench::cli
