// Ctrl-C during `latbench run`: the first stops scheduling and lets in-flight uploads end, the
// second aborts them; either way every finished request is on disk, the summary is printed and
// the exit code is 130.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "mini_http_server.hpp"
#include "process.hpp"
#include "common/test_files.hpp"
#include "common/test_paths.hpp"

using latbench::test::slurp;
using namespace std::chrono_literals;
using latbench::test::MiniHttpServer;
using latbench::test::Reply;

namespace {

struct Child {
  pid_t pid = -1;
  std::string out_path, err_path;
};

Child spawn_latbench(const std::vector<std::string>& args, const std::string& dir) {
  Child c{-1, dir + "/stdout.txt", dir + "/stderr.txt"};
  std::vector<std::string> argv{latbench::test::latbench_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  c.pid = ::fork();
  if (c.pid == 0) {
    int out = ::open(c.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(c.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> raw;
    for (auto& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    ::execv(raw[0], raw.data());
    ::_exit(127);
  }
  return c;
}

// Exit code, or -1 if it did not end within `deadline` (then it is killed).
int wait_for(pid_t pid, std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(10ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

std::size_t line_count(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) ++n;
  return n;
}

// Waits until the run has written `n` samples: by then its Ctrl-C handler is installed. A fixed
// sleep raced a slow start (ASan build, loaded machine): SIGINT's default action killed the
// child before it could print anything.
bool wait_for_lines(const std::string& path, std::size_t n, std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (line_count(path) >= n) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

}  // namespace

TEST(RunInterrupt, FirstCtrlCLetsInFlightFinishAndKeepsEverything) {
  MiniHttpServer server([](std::uint64_t) { return Reply{30ms}; });
  auto dir = latbench::test::make_temp_dir("latbench-sigint");
  auto child = spawn_latbench({"run", "--url", server.url(), "--duration", "60s", "--image", "64x48",
                               "--connection", "persistent", "--out", dir + "/run", "--json"}, dir);
  bool running = wait_for_lines(dir + "/run/samples.jsonl", 1, 20s);
  if (!running) wait_for(child.pid, 0ms);  // kills it
  ASSERT_TRUE(running) << slurp(child.err_path);
  ::kill(child.pid, SIGINT);
  int code = wait_for(child.pid, 20s);
  EXPECT_EQ(code, 130) << slurp(child.err_path);
  auto doc = nlohmann::json::parse(slurp(child.out_path));
  EXPECT_TRUE(doc["run"]["interrupted"].get<bool>());
  auto measured = doc["run"]["requests"]["measured"].get<std::size_t>();
  EXPECT_GE(measured, 1u);
  // The upload in flight at Ctrl-C finished and was recorded: the server answered every one.
  EXPECT_EQ(line_count(dir + "/run/samples.jsonl"), measured);
  EXPECT_EQ(server.received().size(), measured);
  EXPECT_EQ(doc["run"]["requests"]["aborted"], 0);
}

TEST(RunInterrupt, SecondCtrlCAbortsInFlightUploads) {
  MiniHttpServer server([](std::uint64_t i) { return Reply{i == 0 ? 0ms : 20000ms}; });
  auto dir = latbench::test::make_temp_dir("latbench-sigint2");
  auto child = spawn_latbench({"run", "--url", server.url(), "--requests", "5", "--image", "64x48",
                               "--timeout", "60s", "--out", dir + "/run"}, dir);
  // Request 0 answered (and on disk), request 1 stuck for 20 s.
  bool running = wait_for_lines(dir + "/run/samples.jsonl", 1, 15s);
  if (!running) wait_for(child.pid, 0ms);  // kills it
  ASSERT_TRUE(running) << slurp(child.err_path);
  ::kill(child.pid, SIGINT);
  std::this_thread::sleep_for(300ms);
  ::kill(child.pid, SIGINT);
  auto start = std::chrono::steady_clock::now();
  int code = wait_for(child.pid, 15s);
  EXPECT_EQ(code, 130) << slurp(child.err_path);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  std::string out = slurp(child.out_path);
  EXPECT_NE(out.find("interrupted"), std::string::npos) << out;
  EXPECT_NE(out.find("1 in-flight aborted"), std::string::npos) << out;
  EXPECT_EQ(line_count(dir + "/run/samples.jsonl"), 1u);
}
