// The layers of docs/architecture.md, checked on every include of src/ so they stay so (issue 15):
// client/ and logs/ are pure stages (client/ includes neither profile/ nor report/, logs/ not
// report/), nothing in src/ includes cli/, and app/ (the commands' orchestration) is included
// only by cli/ and by app/ itself. A broken rule fails naming the file, the line and the include.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

struct Rule {
  std::string from;    // folder under src/ whose files the rule applies to; "" for every one
  std::string target;  // include prefix they may not name
  std::string why;
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> k_rules = {
      {"client/", "profile/", "client/ is a stage: app/ resolves profiles into a RunConfig"},
      {"client/", "report/", "client/ is a stage: app/ reports a run"},
      {"client/", "app/", "client/ is a stage: app/ composes it"},
      {"logs/", "report/", "logs/ is a stage: app/ reports an analysis"},
      {"logs/", "app/", "logs/ is a stage: app/ composes it"},
      {"", "cli/", "the engine never includes the command line"},
      {"", "app/", "app/ is included only by cli/ and by app/ itself"},
  };
  return k_rules;
}

// What `line` includes with quotes, or "" when it is no such include.
std::string quoted_include(const std::string& line) {
  std::size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos || line[i] != '#') return {};
  i = line.find_first_not_of(" \t", i + 1);
  if (i == std::string::npos || line.compare(i, 7, "include") != 0) return {};
  const std::size_t open = line.find('"', i + 7);
  const std::size_t close = open == std::string::npos ? open : line.find('"', open + 1);
  return close == std::string::npos ? std::string() : line.substr(open + 1, close - open - 1);
}

// Every broken rule in `code`, the text of `file` (its path under src/), one message each.
std::vector<std::string> violations(const std::string& file, const std::string& code) {
  std::vector<std::string> out;
  const std::string folder = file.substr(0, file.find('/') + 1);
  std::istringstream in(code);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string target = quoted_include(line);
    if (target.empty()) continue;
    // "../cli/x.hpp" or "../../cli/x.hpp" reach the same folder as "cli/x.hpp".
    while (target.starts_with("../")) target.erase(0, 3);
    for (const Rule& r : rules()) {
      if (!r.from.empty() && folder != r.from) continue;
      if (!target.starts_with(r.target) || folder == r.target) continue;
      out.push_back("src/" + file + ":" + std::to_string(number) + ": #include \"" + quoted_include(line) + "\": " +
                    r.why);
    }
  }
  return out;
}

}  // namespace

TEST(Layering, TheCheckNamesFileLineAndIncludeOfABrokenRule) {
  const auto bad = violations("client/driver.cpp", "#include <vector>\n#include \"client/transport.hpp\"\n"
                                                   "#  include \"report/summary_table.hpp\"\n#include \"profile/profile.hpp\"\n");
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0], "src/client/driver.cpp:3: #include \"report/summary_table.hpp\": client/ is a stage: app/ reports a run");
  EXPECT_NE(bad[1].find("src/client/driver.cpp:4: #include \"profile/profile.hpp\""), std::string::npos) << bad[1];
  EXPECT_EQ(violations("logs/join.cpp", "#include \"report/plot_set.hpp\"\n").size(), 1u);
  EXPECT_EQ(violations("server/routes.cpp", "#include \"../../cli/commands.hpp\"\n").size(), 1u);
  EXPECT_EQ(violations("compare/gate.cpp", "#include \"app/gate_command.hpp\"\n").size(), 1u);
  // What the layers allow: app/ includes itself and every stage, compare/ reports, logs/ reads samples.
  EXPECT_TRUE(violations("app/run_command.cpp", "#include \"app/run_workload.hpp\"\n#include \"report/markdown.hpp\"\n"
                                                "#include \"profile/profile.hpp\"\n").empty());
  EXPECT_TRUE(violations("compare/source.cpp", "#include \"report/json_export.hpp\"\n").empty());
  EXPECT_TRUE(violations("logs/format_latbench.cpp", "#include \"samples/reader.hpp\"\n").empty());
}

TEST(Layering, EveryIncludeOfSrcKeepsTheLayers) {
  const fs::path src = fs::path(latbench::test::source_dir()) / "src";
  std::string broken;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    for (const std::string& v : violations(fs::relative(entry.path(), src).generic_string(), text.str()))
      broken += v + "\n";
  }
  EXPECT_GT(files, 200);  // the scan saw the engine
  EXPECT_TRUE(broken.empty()) << "includes that break the layers of docs/architecture.md:\n" << broken;
}
