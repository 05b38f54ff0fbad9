// The engine names keys, the caller names flags (issue 15, item 6): no string literal in src/
// names a command-line flag, except the few listed below with their reason. An engine error about
// a key throws core/key_error.hpp's KeyError; cli/ puts the flag (or the profile's file:line) in
// the key's place.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

struct Literal {
  std::string file;  // relative to src/
  int line = 0;
  std::string text;
};

// The string literals of C++ source `code` (plain and raw), outside comments and char literals.
std::vector<Literal> literals_of(const std::string& file, const std::string& code) {
  std::vector<Literal> out;
  int line = 1;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '\n') ++line;
    if (c == '/' && i + 1 < code.size() && code[i + 1] == '/') {
      while (i < code.size() && code[i] != '\n') ++i;
      ++line;
    } else if (c == '/' && i + 1 < code.size() && code[i + 1] == '*') {
      for (i += 2; i + 1 < code.size() && !(code[i] == '*' && code[i + 1] == '/'); ++i)
        if (code[i] == '\n') ++line;
      ++i;
    } else if (c == '\'') {  // a char literal ('"', '\''), or a digit separator (1'000)
      if (i > 0 && std::isalnum(static_cast<unsigned char>(code[i - 1]))) continue;
      for (++i; i < code.size() && code[i] != '\''; ++i)
        if (code[i] == '\\') ++i;
    } else if (c == 'R' && i + 1 < code.size() && code[i + 1] == '"') {
      const std::size_t open = code.find('(', i + 2);
      const std::string end = ")" + code.substr(i + 2, open - i - 2) + "\"";
      const std::size_t close = code.find(end, open);
      out.push_back({file, line, code.substr(open + 1, close - open - 1)});
      for (std::size_t k = i; k < close; ++k)
        if (code[k] == '\n') ++line;
      i = close + end.size() - 1;
    } else if (c == '"') {
      std::string text;
      for (++i; i < code.size() && code[i] != '"'; ++i) {
        if (code[i] == '\\') text += code[i++];
        text += code[i];
      }
      out.push_back({file, line, text});
    }
  }
  return out;
}

// A flag as the CLI spells it: "--" then a lowercase word, not inside a longer token ("a--b").
const std::regex k_flag(R"((^|[^A-Za-z0-9_-])(--[a-z][a-z0-9-]*))");

// Documented exceptions: (file under src/, flag) and why the engine may say it.
struct Exception {
  std::string file, flag, why;
};

const std::vector<Exception>& exceptions() {
  static const std::vector<Exception> k_list = {
      // The reference server's HTTP answer tells the client which serve option sets the limit.
      {"server/request_handler.cpp", "--max-body", "HTTP 413 body of the reference server"},
      // The table of run options holds each flag's --help text (the CLI adds the flags from it).
      {"profile/run_option_table.cpp", "--help", "help text: the link syntax is in 'latbench link --help'"},
      {"profile/run_option_table.cpp", "--link", "help text of --send-buffer"},
      // Advice in a report: the flag to type next to see more.
      {"app/analyze_report.cpp", "--wide", "report advice"},
      {"app/analyze_report.cpp", "--export-rows", "report advice"},
      {"compare/export_text.cpp", "--wide", "report advice"},
      {"compare/comparison.cpp", "--rounds", "report advice"},
      {"compare/comparison.cpp", "--metrics", "report advice"},
      {"logs/format_registry.cpp", "--field", "the format list of --help"},
      {"logs/format_registry.cpp", "--log-format", "the format list of --help"},
      {"compare/log_source.cpp", "--field", "advice on which option picks a log's series"},
      {"compare/log_source.cpp", "--format", "advice on which option picks a log's series"},
      {"compare/log_source.cpp", "--series", "advice on which option picks a log's series"},
      {"compare/source.cpp", "--series", "advice on which option picks a series"},
      {"logs/join.cpp", "--on", "advice: the other pairing"},
      {"app/analyze_logs.cpp", "--on", "advice: the other pairing"},
      // Not converted yet (issue 15 item 6 leftovers): messages of Result-returning parsers and of
      // option combinations in logs/ and compare/. A Result holds a plain Error, so these need
      // their callers to locate them (cli/key_flags.hpp located()) rather than a KeyError.
      {"app/analyze_logs.cpp", "--join", "leftover: option combination"},
      {"app/analyze_logs.cpp", "--streaming", "leftover: option combination"},
      {"app/analyze_logs.cpp", "--group-by", "leftover: option combination"},
      {"app/analyze_logs.cpp", "--join-format", "leftover: names the option of a read"},
      {"logs/read_log.hpp", "--format", "leftover: names the option of a read"},
      {"logs/yaml_format.cpp", "--format", "leftover: Result parser"},
      {"logs/format_csv.cpp", "--field", "leftover"},
      {"logs/group_by.cpp", "--group-by", "leftover: Result"},
      {"logs/join.cpp", "--join", "leftover: Result"},
      {"logs/join.cpp", "--device-series", "leftover: Result"},
      {"logs/join.cpp", "--server-series", "leftover: Result"},
      {"report/plot_set.cpp", "--plot", "leftover"},
      {"app/gate_command.cpp", "--max", "leftover: option combination"},
      {"app/gate_command.cpp", "--budget", "leftover: option combination"},
      {"app/gate_command.cpp", "--candidate", "leftover: option combination"},
      {"app/gate_command.cpp", "--baseline", "leftover: option combination"},
      {"app/gate_command.cpp", "--resamples", "leftover: option combination"},
      {"app/gate_command.cpp", "--alpha", "leftover: option combination"},
      {"compare/comparison.cpp", "--resamples", "leftover"},
      {"app/compare_command.cpp", "--field", "leftover: option combination"},
      {"app/compare_command.cpp", "--format", "leftover: option combination"},
      // The fleet manifest's output is command lines: the pods' `latbench run` and kubectl's.
      {"fleet/manifest.cpp", "--shard", "the pods' command line"},
      {"fleet/manifest.cpp", "--start-at", "the pods' command line"},
      {"fleet/manifest.cpp", "--out", "the pods' command line and the merge commands"},
      {"fleet/manifest.cpp", "--export-hlog", "the pods' command line"},
      {"fleet/manifest.cpp", "--for", "kubectl's command line"},
      {"fleet/manifest.cpp", "--timeout", "kubectl's command line"},
      {"fleet/manifest.cpp", "--image", "kubectl's command line"},
      {"fleet/manifest.cpp", "--restart", "kubectl's command line"},
      {"fleet/manifest.cpp", "--overrides", "kubectl's command line"},
  };
  return k_list;
}

std::vector<Literal> engine_literals() {
  std::vector<Literal> out;
  const fs::path src = fs::path(latbench::test::source_dir()) / "src";
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto found = literals_of(fs::relative(entry.path(), src).generic_string(), text.str());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace

TEST(EngineFlagNames, LiteralsScannerSkipsCommentsAndFindsRawStrings) {
  const auto found = literals_of("x.cpp", "// \"--no\"\n/* \"--no\" */ char q = '\"'; auto s = \"a--b --yes\";\n"
                                          "auto r = R\"(--raw \"q\")\"; int n = 1'000; auto t = \"--two\";\n");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].text, "a--b --yes");
  EXPECT_EQ(found[0].line, 2);
  EXPECT_EQ(found[1].text, "--raw \"q\"");
  EXPECT_EQ(found[2].text, "--two");
  EXPECT_EQ(found[2].line, 3);
}

TEST(EngineFlagNames, NoFlagNameInTheEngineBeyondTheDocumentedExceptions) {
  std::set<std::pair<std::string, std::string>> used;
  std::string offenders;
  const auto literals = engine_literals();
  ASSERT_GT(literals.size(), 1000u);  // the scan saw the engine
  for (const Literal& l : literals) {
    for (std::sregex_iterator it(l.text.begin(), l.text.end(), k_flag), end; it != end; ++it) {
      const std::string flag = (*it)[2];
      bool allowed = false;
      for (const Exception& e : exceptions()) allowed = allowed || (e.file == l.file && e.flag == flag);
      if (allowed) used.insert({l.file, flag});
      else offenders += "src/" + l.file + ":" + std::to_string(l.line) + ": " + flag + " in \"" + l.text + "\"\n";
    }
  }
  EXPECT_TRUE(offenders.empty()) << "the engine names keys (throw KeyError, core/key_error.hpp), cli/ names "
                                    "flags:\n" << offenders;
  // An exception nobody needs any more goes from the list, so the list stays the truth.
  for (const Exception& e : exceptions())
    EXPECT_EQ(used.count({e.file, e.flag}), 1u) << "stale exception: src/" << e.file << " " << e.flag;
}
