// Every row of the table of run options (profile/run_option_table.hpp) with a help text is a
// flag of `latbench run`: in --help with its help and its default.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "process.hpp"
#include "profile/run_option_table.hpp"

using latbench::test::run_latbench;
using namespace std::chrono_literals;

namespace {

std::string flag_of(std::string key) {
  if (key == "headers") return "--header";
  if (key == "server.mode") return "--server-mode";
  if (key.starts_with("server.")) key = key.substr(7);
  std::replace(key.begin(), key.end(), '_', '-');
  return "--" + key;
}

// The help column, with CLI11's wrapping undone.
std::string unwrapped(const std::string& help) {
  std::string out;
  for (std::size_t i = 0; i < help.size(); ++i) {
    if (help[i] == '\n') {
      while (i + 1 < help.size() && help[i + 1] == ' ') ++i;
      out += ' ';
    } else {
      out += help[i];
    }
  }
  return out;
}

template <class Rows>
void expect_in_help(const Rows& rows, const std::string& section, const std::string& help) {
  for (const auto& row : rows) {
    if (row.help.empty()) continue;
    const std::string flag = flag_of(section + row.key);
    SCOPED_TRACE(flag);
    const auto at = help.find(flag);
    ASSERT_NE(at, std::string::npos) << help;
    const std::string line = help.substr(at, help.find(row.help, at) - at);
    EXPECT_NE(help.find(row.help, at), std::string::npos);
    if (!row.default_text.empty()) {
      EXPECT_NE(line.find("=" + row.default_text), std::string::npos) << line;
    }
  }
}

}  // namespace

TEST(RunOptionTableCli, EveryRowWithHelpIsAFlagWithItsHelpAndDefault) {
  const auto r = run_latbench({"run", "--help"}, 20s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string help = unwrapped(r.out);
  expect_in_help(latbench::profile::run_options(), "", help);
  expect_in_help(latbench::profile::server_options(), "server.", help);
}
