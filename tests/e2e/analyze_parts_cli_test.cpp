// latbench analyze uses every core on a big log, whatever it is read from: a regular file is cut
// into parts at offsets, a .gz file and stdin are cut as they are read. The JSON export must be
// the one a single thread gives: the reference run is pinned to one CPU (posix_spawn inherits
// this thread's affinity), where latbench parses the whole log in one pass.
#include <gtest/gtest.h>
#include <sched.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "common/test_files.hpp"
#include "process.hpp"
#include "common/test_paths.hpp"

using latbench::test::make_temp_dir;
using latbench::test::run_latbench;
using latbench::test::run_process;
using latbench::test::slurp;

namespace {

// JSON lines over 16 MiB (the size from which a file is cut): request ids, statuses counted, a
// field seen only late, invalid and damaged lines in the last part (skipped line numbers).
std::string big_jsonl() {
  std::mt19937_64 rng(21);
  std::string text;
  for (int i = 0; text.size() < (18u << 20); ++i) {
    text += "{\"request_id\":\"r-" + std::to_string(i) + "\",\"total_ms\":" + std::to_string(20 + rng() % 80) + "." +
            std::to_string(rng() % 1000) + ",\"server_ms\":" + std::to_string(rng() % 40) + ".5,\"status\":" +
            (rng() % 50 ? "200" : "503");
    if (text.size() > (15u << 20) && rng() % 4 == 0) text += ",\"queue_ms\":" + std::to_string(rng() % 9);
    text += "}\n";
    if (text.size() > (12u << 20) && rng() % 5000 == 0) text += rng() % 2 ? "{\"broken\": \n" : "bad \xC3\x28 utf8\n";
  }
  return text;
}

// The export without the log's file name (the one thing that differs between the runs).
nlohmann::json exported(const std::string& path) {
  nlohmann::json doc = nlohmann::json::parse(slurp(path));
  for (auto& log : doc.at("analyze").at("logs")) log.erase("source");
  return doc;
}

// Runs `args` with this thread (hence the child) allowed only its first allowed CPU.
latbench::test::ProcessResult run_on_one_cpu(const std::vector<std::string>& args) {
  cpu_set_t all, one;
  sched_getaffinity(0, sizeof(all), &all);
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &all)) { CPU_SET(cpu, &one); break; }
  sched_setaffinity(0, sizeof(one), &one);
  auto r = run_latbench(args, std::chrono::seconds(120));
  sched_setaffinity(0, sizeof(all), &all);
  return r;
}

}  // namespace

TEST(AnalyzeParts, BigLogFromFileGzipAndStdinExportsWhatOneThreadDoes) {
  const std::string dir = make_temp_dir("latbench-parts");
  const std::string log = dir + "/big.jsonl", gz = dir + "/big.jsonl.gz";
  const std::string text = big_jsonl();
  std::ofstream(log, std::ios::binary) << text;
  gzFile f = gzopen(gz.c_str(), "wb1");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
  gzclose(f);

  auto one = run_on_one_cpu({"analyze", log, "--export-json", dir + "/one.json"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const nlohmann::json want = exported(dir + "/one.json");
  ASSERT_EQ(want.at("series").size(), 3u);  // total_ms, server_ms, queue_ms (seen late)

  auto file = run_latbench({"analyze", log, "--export-json", dir + "/file.json"}, std::chrono::seconds(120));
  ASSERT_EQ(file.exit_code, 0) << file.err;
  EXPECT_EQ(exported(dir + "/file.json"), want);

  auto zipped = run_latbench({"analyze", gz, "--export-json", dir + "/gz.json"}, std::chrono::seconds(120));
  ASSERT_EQ(zipped.exit_code, 0) << zipped.err;
  EXPECT_EQ(exported(dir + "/gz.json"), want);

  auto piped = run_process({"/bin/sh", "-c", std::string("exec '") + latbench::test::latbench_binary() + "' analyze - --format jsonl --export-json '" +
                                                 dir + "/stdin.json' < '" + log + "'"},
                           std::chrono::seconds(120));
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(exported(dir + "/stdin.json"), want);
  std::filesystem::remove_all(dir);
}
