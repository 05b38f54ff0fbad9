#include "arg_check.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/suggest.hpp"

namespace latbench::cli {
namespace {

std::string maybe(const std::optional<std::string>& suggestion, std::string_view prefix) {
  return suggestion ? fmt::format(" (did you mean '{}{}'?)", prefix, *suggestion) : "";
}

std::string subcommand_list(const CLI::App& app) {
  std::string out;
  for (const CLI::App* sub : app.get_subcommands(std::function<bool(const CLI::App*)>{}))
    out += (out.empty() ? "" : ", ") + sub->get_name();
  return out;
}

const CLI::App* find_subcommand(const CLI::App& app, std::string_view name, std::vector<std::string>& names) {
  const CLI::App* found = nullptr;
  for (const CLI::App* sub : app.get_subcommands(std::function<bool(const CLI::App*)>{})) {
    names.push_back(sub->get_name());
    if (sub->get_name() == name) found = sub;
  }
  return found;
}

// The long names (without dashes) of `sub`'s options, --help included.
std::vector<std::string> long_names(const CLI::App& sub) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : sub.get_options())
    for (const std::string& name : opt->get_lnames()) names.push_back(name);
  return names;
}

bool is_help_or_version(std::string_view arg) {
  return arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "--version";
}

}  // namespace

void check_words(const CLI::App& app, int argc, const char* const* argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    if (is_help_or_version(argv[i])) return;  // CLI11 prints these
  }
  if (i == argc) {
    throw usage_error(fmt::format("a subcommand is required: {} (see 'latbench --help')", subcommand_list(app)));
  }
  std::vector<std::string> names;
  const CLI::App* sub = find_subcommand(app, argv[i], names);
  if (!sub) {
    throw usage_error(fmt::format("unknown subcommand '{}'{} (expected one of: {}; see 'latbench --help')",
                                  argv[i], maybe(did_you_mean(argv[i], names), ""), subcommand_list(app)));
  }
  // A subcommand of the subcommand (`latbench hlog merge`, `latbench fleet manifest`): its options.
  std::string path = sub->get_name();
  for (std::vector<std::string> nested; i + 1 < argc;) {
    const CLI::App* inner = find_subcommand(*sub, argv[i + 1], nested);
    if (!inner) break;
    sub = inner;
    path += " " + inner->get_name();
    ++i;
  }
  const std::vector<std::string> options = long_names(*sub);
  for (++i; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return;  // the rest are positionals
    if (arg.size() <= 2 || arg.substr(0, 2) != "--") continue;
    const std::string name(arg.substr(2, arg.find('=') == std::string_view::npos ? std::string_view::npos
                                                                                   : arg.find('=') - 2));
    if (std::find(options.begin(), options.end(), name) != options.end()) continue;
    throw usage_error(fmt::format("{}: unknown option '--{}'{} (see 'latbench {} --help')", path,
                                  name, maybe(did_you_mean(name, options), "--"), path));
  }
}

void refuse_negative_counts(CLI::App& app) {
  const CLI::Validator count(
      [](std::string& text) -> std::string {
        if (text.find('-') == std::string::npos) return {};
        return fmt::format("expected a whole number >= 0, got '{}'", text);
      },
      "", "count");
  for (CLI::App* sub : app.get_subcommands(std::function<bool(CLI::App*)>{})) {
    for (CLI::Option* opt : sub->get_options()) {
      if (opt->get_type_name() == "UINT") opt->check(count);
    }
  }
}

std::string help_hint(const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  return chosen.empty() ? "latbench --help" : fmt::format("latbench {} --help", chosen.front()->get_name());
}

}  // namespace latbench::cli
