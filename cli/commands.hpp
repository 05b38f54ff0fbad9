#pragma once
// One registration function per subcommand (one file each). A registration adds the subcommand's
// options to `app` and, when the subcommand is chosen, sets `action` to the code that runs it.
// Actions return an exit code (DESIGN.md) or throw latbench::Error; main maps errors once.
#include <functional>

namespace CLI {
class App;
}

namespace latbench::cli {

using Action = std::function<int()>;

void register_run(CLI::App& app, Action& action);
void register_serve(CLI::App& app, Action& action);
void register_analyze(CLI::App& app, Action& action);
void register_compare(CLI::App& app, Action& action);
void register_gate(CLI::App& app, Action& action);
void register_link(CLI::App& app, Action& action);
void register_plot(CLI::App& app, Action& action);
void register_merge(CLI::App& app, Action& action);
void register_hlog(CLI::App& app, Action& action);
void register_fleet(CLI::App& app, Action& action);

}  // namespace latbench::cli
