#pragma once
// The run options of `latbench run`, one row each: the CLI's flags (cli/cmd_run.cpp iterates the
// rows), the profile parser, the resolved profile.yaml, known_keys() and the summary's config
// JSON are all made from these rows, so they cannot disagree.
//
// Adding a run option (e.g. `--ws-timing` / `ws_timing:`):
//   1. its member in client::Workload or client::RunConfig, with its default (run_config.hpp);
//   2. one row in make_run_options() (run_option_table.cpp), where the option is to sit in
//      --help and profile.yaml: a helper (count, duration, text, flag) for a plain member, or a
//      row with its own set/format for a value of its own syntax (see connection_row()), and an
//      example value (tests/unit/profile_run_option_table_test.cpp checks the row with it);
//   3. its use, and a check that needs other options (e.g. "applies to ws:// URLs only") in
//      validate() of app/run_workload.cpp, thrown as a KeyError naming the key.
// Nothing else: the flag is the key with '-' for '_' (cli/key_flags.cpp lists the exceptions),
// its help, default and type come from the row. An option of the embedded server is a row of
// make_server_options() the same way. A key for profiles only (no flag) has an empty help.
#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "client/run_config.hpp"
#include "core/error.hpp"

namespace latbench::profile {

// What a value looks like, for the CLI's type and the profile parser's reading.
enum class OptionKind {
  text,     // one scalar, parsed by the row
  count,    // a whole number >= 0 in bounds
  integer,  // a signed whole number in bounds
  flag,     // true or false; a flag without a value on the command line
  list,     // repeatable: each flag or list item adds one; a profile's list replaces the default
};

struct Bounds {
  long long lo = 0, hi = 0;
};

struct Applied {};  // set() succeeded

template <class Config>
struct OptionRow {
  std::string key;          // "max_in_flight"; a server option's without "server."
  OptionKind kind = OptionKind::text;
  Bounds bounds;            // count and integer only
  std::string expected;     // "an integer in 1..10000": what a profile's errors say is expected
  std::string help;         // the flag's --help text; empty: a profile key only, no flag
  // Parses one value into `config` (a list kind appends one item). Errors (usage) start with
  // `what`, the caller's name for the value: "--devices", or "key 'devices'" from a profile.
  std::function<Result<Applied>(Config& config, std::string_view text, std::string_view what)> set;
  // The value as a profile writes it and set() reads back: one text for a scalar, the items of a
  // list; none: not written (unset, or a value that needs no key, such as an empty URL).
  std::function<std::vector<std::string>(const Config& config)> format;
  // The value in the summary's config JSON ("options"); empty: not there.
  std::function<nlohmann::json(const Config& config)> summary;
  std::function<void(Config& config)> clear;  // list kind: empties it before a profile's list
  std::string default_text;  // format() of the defaults, joined: what --help shows
  // A value set() accepts and format() writes back as given: the row's tests use it (one text; a
  // list's one item).
  std::string example;
};

using RunOption = OptionRow<client::RunConfig>;
using ServerOption = OptionRow<server::ServerOptions>;

// In --help and profile.yaml order.
const std::vector<RunOption>& run_options();
// The `server:` section's options (embedded server only).
const std::vector<ServerOption>& server_options();

// The summary's config JSON ("options"): the run's name and every row that has a summary.
nlohmann::json summary_config_json(const client::RunConfig& config);

}  // namespace latbench::profile
