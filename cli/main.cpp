// latbench's entry point: parse, dispatch, and turn every error into one line and an exit code.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <string_view>

#include "arg_check.hpp"
#include "commands.hpp"
#include "invocation.hpp"
#include "key_flags.hpp"
#include "core/error.hpp"
#include "core/key_error.hpp"

namespace {

constexpr const char* k_description =
    "latbench: measure and explain latency in image-upload and streaming pipelines.\n"
    "Percentiles use linear interpolation between order statistics (numpy's default).";

int report_error(const char* message, latbench::ExitCode code) {
  std::fprintf(stderr, "latbench: error: %s\n", message);
  return static_cast<int>(code);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{k_description, "latbench"};
  app.set_version_flag("--version", std::string("latbench ") + LATBENCH_VERSION);
  app.require_subcommand(1, 1);
  app.fallthrough(false);

  latbench::cli::Action action;
  latbench::cli::register_run(app, action);
  latbench::cli::register_serve(app, action);
  latbench::cli::register_analyze(app, action);
  latbench::cli::register_compare(app, action);
  latbench::cli::register_gate(app, action);
  latbench::cli::register_link(app, action);
  latbench::cli::register_plot(app, action);
  latbench::cli::register_merge(app, action);
  latbench::cli::register_hlog(app, action);
  latbench::cli::register_fleet(app, action);

  latbench::cli::refuse_negative_counts(app);

  latbench::cli::remember_invocation(argc, argv);
  try {
    latbench::cli::check_words(app, argc, argv);
  } catch (const latbench::Error& e) {
    return report_error(e.what(), latbench::exit_code_for(e.kind()));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "latbench: error: %s\nRun '%s' for usage.\n", e.what(),
                 latbench::cli::help_hint(app).c_str());
    return static_cast<int>(latbench::ExitCode::usage);
  }

  try {
    try {
      return action ? action() : static_cast<int>(latbench::ExitCode::usage);
    } catch (const latbench::Error& e) {
      // The engine named a key; a command that knew better (a profile's line) has relocated it.
      if (e.key().empty()) throw;
      throw e.relocated(latbench::cli::flag_for_key(e.key()));
    }
  } catch (const latbench::Error& e) {
    const int code = report_error(e.what(), latbench::exit_code_for(e.kind()));
    // A message about an option ("--timeout: ...") is a usage question: point at the options.
    if (std::string_view(e.what()).substr(0, 2) == "--")
      std::fprintf(stderr, "Run '%s' for usage.\n", latbench::cli::help_hint(app).c_str());
    return code;
  } catch (const std::exception& e) {
    return report_error(fmt::format("internal error: {}", e.what()).c_str(),
                        latbench::ExitCode::usage);
  }
}
