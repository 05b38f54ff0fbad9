// Bad input as users type it (issue 14): every negative count, an out-of-range port, a duration
// or limit without unit, a misspelt option, subcommand or YAML format key is exit 2 with a message
// naming it (and, for typos, the nearest name and the --help to read).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "common/test_files.hpp"
#include "process.hpp"
#include "common/test_paths.hpp"

using latbench::test::run_latbench;
using latbench::test::write_temp_file;
using namespace std::chrono_literals;

namespace {

using latbench::test::sample;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Exit 2 quickly (a wrapped count would run for ever: the deadline catches it) naming `name`.
void expect_usage_error(const std::vector<std::string>& args, const std::string& name) {
  const auto r = run_latbench(args, 20s);
  std::string cmd;
  for (const auto& a : args) cmd += a + " ";
  EXPECT_FALSE(r.timed_out) << cmd;
  EXPECT_EQ(r.exit_code, 2) << cmd << "\n" << r.out << r.err;
  EXPECT_TRUE(has(r.err, name)) << cmd << "\n" << r.err;
}

}  // namespace

TEST(CliInputChecks, NegativeCountsAreRefusedNamingTheOption) {
  expect_usage_error({"run", "--requests", "-5"}, "--requests");
  expect_usage_error({"run", "-n", "-5"}, "--requests");
  expect_usage_error({"run", "--requests=-5"}, "--requests");
  expect_usage_error({"run", "--warmup", "-1", "--requests", "1"}, "--warmup");
  expect_usage_error({"run", "--max-in-flight", "-2", "--requests", "1"}, "--max-in-flight");
  expect_usage_error({"run", "--workers", "-1", "--requests", "1"}, "--workers");
  expect_usage_error({"run", "--devices", "-3", "--requests", "1"}, "--devices");
  expect_usage_error({"analyze", sample("esp32.log"), "--seed", "-1"}, "--seed");
  expect_usage_error({"compare", sample("esp32.log"), sample("esp32_slower.log"), "--resamples", "-10"},
                     "--resamples");
  expect_usage_error({"compare", sample("esp32.log"), sample("esp32_slower.log"), "--rounds", "-4"}, "--rounds");
  expect_usage_error({"gate", "--candidate", sample("esp32.log"), "--max", "p50<2s", "--seed", "-7"}, "--seed");
  expect_usage_error({"serve", "--threads", "-1"}, "--threads");
  expect_usage_error({"serve", "--queue", "-1"}, "--queue");
  const auto r = run_latbench({"run", "--requests", "-5"}, 20s);
  EXPECT_TRUE(has(r.err, "-5")) << r.err;
  EXPECT_FALSE(has(r.err, "18446744073709551611")) << r.err;
}

TEST(CliInputChecks, NegativeCountsInAProfileNameTheKeyAndLine) {
  const auto profile = write_temp_file("latbench-negative-profile.yaml", "requests: 3\nwarmup: -1\n");
  const auto r = run_latbench({"run", profile.string()}, 20s);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, ":2:")) << r.err;
  EXPECT_TRUE(has(r.err, "warmup")) << r.err;
  const auto server = write_temp_file("latbench-negative-server.yaml", "requests: 3\nserver:\n  workers: -2\n");
  const auto s = run_latbench({"run", server.string()}, 20s);
  EXPECT_EQ(s.exit_code, 2) << s.out << s.err;
  EXPECT_TRUE(has(s.err, "server.workers")) << s.err;
}

TEST(CliInputChecks, OutOfRangePortsAreRefused) {
  // Before: libcurl failed every request as "other", exit 0.
  const auto r = run_latbench({"run", "--url", "http://127.0.0.1:99999/x", "--requests", "3"}, 20s);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "--url")) << r.err;
  EXPECT_TRUE(has(r.err, "99999")) << r.err;
  EXPECT_TRUE(has(r.err, "1..65535")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  const auto profile = write_temp_file("latbench-port-profile.yaml", "url: http://127.0.0.1:70000/x\nrequests: 2\n");
  expect_usage_error({"run", profile.string()}, "70000");
  expect_usage_error({"serve", "--port", "99999"}, "--port");
  expect_usage_error({"serve", "--port", "-1"}, "--port");
  expect_usage_error({"link", "--upstream", "127.0.0.1:8000", "--port", "65536"}, "--port");
  expect_usage_error({"link", "--upstream", "127.0.0.1:99999"}, "--upstream");
}

TEST(CliInputChecks, DurationsAndLimitsWithoutUnitAreRefusedAlike) {
  const auto timeout = run_latbench({"run", "--timeout", "5", "--requests", "1"}, 20s);
  EXPECT_EQ(timeout.exit_code, 2) << timeout.err;
  EXPECT_TRUE(has(timeout.err, "--timeout: invalid duration '5': missing unit (write e.g. 5ms or 5s)")) << timeout.err;
  // Before: 'p95<300' was taken as 300 of the series' unit, exit 0.
  const auto limit = run_latbench({"gate", "--candidate", sample("samples.jsonl"), "--max", "p95<300"}, 20s);
  EXPECT_EQ(limit.exit_code, 2) << limit.out << limit.err;
  EXPECT_TRUE(has(limit.err, "--max")) << limit.err;
  EXPECT_TRUE(has(limit.err, "missing unit")) << limit.err;
  EXPECT_TRUE(has(limit.err, "p95<300ms")) << limit.err;
  const auto le = run_latbench({"gate", "--candidate", sample("samples.jsonl"), "--max", "p99<=1.5"}, 20s);
  EXPECT_EQ(le.exit_code, 2) << le.err;
  EXPECT_TRUE(has(le.err, "p99<=1.5ms")) << le.err;
  // With units the same limits are fine; throughput and error rates keep their own units.
  const auto ok = run_latbench({"gate", "--candidate", sample("samples.jsonl"), "--max", "p95<300s,errors<100%"}, 20s);
  EXPECT_NE(ok.exit_code, 2) << ok.err;
}

TEST(CliInputChecks, UnknownKeysInAYamlFormatFileAreRefusedWithTheNearest) {
  const auto format = write_temp_file("latbench-typo.format.yaml",
                                      "name: typo\nline: 'took (?P<took>\\d+) ms'\nfeilds:\n  took: ms\n");
  const auto r = run_latbench({"analyze", sample("pipeline.log"), "--format", format.string()}, 20s);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "latbench-typo.format.yaml:3:1: unknown key 'feilds' (did you mean 'fields'?)")) << r.err;
  const auto nested = write_temp_file("latbench-typo-block.format.yaml",
                                      "line: 'took (?P<took>\\d+) ms'\nblock:\n  start: 'a'\n  ned: 'b'\n"
                                      "fields: {took: ms}\n");
  const auto b = run_latbench({"analyze", sample("pipeline.log"), "--format", nested.string()}, 20s);
  EXPECT_EQ(b.exit_code, 2) << b.out << b.err;
  EXPECT_TRUE(has(b.err, ":4:3: unknown key 'block.ned' (did you mean 'end'?)")) << b.err;
}

TEST(CliInputChecks, MisspeltOptionSaysDidYouMeanAndPointsAtTheSubcommandsHelp) {
  // Before: "profile: File does not exist: new" (CLI11 checks positionals first).
  const auto r = run_latbench({"run", "--conection", "new"}, 20s);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(has(r.err, "run: unknown option '--conection' (did you mean '--connection'?)")) << r.err;
  EXPECT_TRUE(has(r.err, "latbench run --help")) << r.err;
  EXPECT_FALSE(has(r.err, "File does not exist")) << r.err;
  const auto eq = run_latbench({"analyze", sample("esp32.log"), "--trimm=3"}, 20s);
  EXPECT_EQ(eq.exit_code, 2) << eq.err;
  EXPECT_TRUE(has(eq.err, "did you mean '--trim'?")) << eq.err;
  EXPECT_TRUE(has(eq.err, "latbench analyze --help")) << eq.err;
  // After "--" everything is a positional, however it is spelt.
  const auto dashes = run_latbench({"analyze", "--", "--no-such-file"}, 20s);
  EXPECT_EQ(dashes.exit_code, 2);
  EXPECT_FALSE(has(dashes.err, "unknown option")) << dashes.err;
}

TEST(CliInputChecks, MisspeltSubcommandSaysDidYouMean) {
  // Before: "A subcommand is required".
  const auto r = run_latbench({"runn"}, 20s);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(has(r.err, "unknown subcommand 'runn' (did you mean 'run'?")) << r.err;
  EXPECT_TRUE(has(r.err, "latbench --help")) << r.err;
  const auto none = run_latbench({}, 20s);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(has(none.err, "run, serve, analyze, compare, gate, link, plot")) << none.err;
  EXPECT_EQ(run_latbench({"--help"}, 20s).exit_code, 0);
  EXPECT_EQ(run_latbench({"compare", "--help"}, 20s).exit_code, 0);
}

TEST(CliInputChecks, ParseAndOptionErrorsPointAtTheSubcommandsHelp) {
  const auto parse = run_latbench({"run", "--requests", "many"}, 20s);
  EXPECT_EQ(parse.exit_code, 2) << parse.err;
  EXPECT_TRUE(has(parse.err, "Run 'latbench run --help' for usage.")) << parse.err;
  const auto option = run_latbench({"run", "--connection", "sometimes", "--requests", "1"}, 20s);
  EXPECT_EQ(option.exit_code, 2) << option.err;
  EXPECT_TRUE(has(option.err, "--connection")) << option.err;
  EXPECT_TRUE(has(option.err, "Run 'latbench run --help' for usage.")) << option.err;
}

TEST(CliInputChecks, TheLinkSyntaxIsShownOnceInLinkHelp) {
  std::size_t full = 0;
  for (const char* sub : {"run", "serve", "compare", "link"}) {
    const auto r = run_latbench({sub, "--help"}, 20s);
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_TRUE(has(r.out, "--link")) << sub;
    if (has(r.out, "jitter-dist=uniform|normal")) ++full;
    if (std::string(sub) != "link") {
      EXPECT_TRUE(has(r.out, "latbench link --help")) << sub << r.out;
    }
  }
  EXPECT_EQ(full, 1u);
}
