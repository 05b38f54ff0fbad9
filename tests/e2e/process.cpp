#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include "common/test_paths.hpp"

extern char** environ;

namespace latbench::test {
namespace {

void drain(int fd, std::string& into, bool& open) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n > 0) {
    into.append(buf, static_cast<std::size_t>(n));
  } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
    open = false;
  }
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds deadline,
                          const std::string& stdin_text) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (::pipe(out_pipe) || ::pipe(err_pipe) || ::pipe(in_pipe)) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
    posix_spawn_file_actions_addclose(&actions, fd);
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0]);
  if (!stdin_text.empty()) {
    // Small inputs only: larger ones would need to be written while draining.
    [[maybe_unused]] auto w = ::write(in_pipe[1], stdin_text.data(), stdin_text.size());
  }
  ::close(in_pipe[1]);

  ProcessResult result;
  bool out_open = true, err_open = true;
  auto until = std::chrono::steady_clock::now() + deadline;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd fds[2] = {{out_open ? out_pipe[0] : -1, POLLIN, 0}, {err_open ? err_pipe[0] : -1, POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(std::min<long>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) break;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) drain(out_pipe[0], result.out, out_open);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) drain(err_pipe[0], result.err, err_open);
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  return result;
}

ProcessResult run_latbench(const std::vector<std::string>& args, std::chrono::milliseconds deadline,
                           const std::string& stdin_text) {
  std::vector<std::string> argv{latbench::test::latbench_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, deadline, stdin_text);
}

namespace {

// Every directory make_temp_dir() made, removed when the test process exits (each ctest test is
// one process): runs left thousands of them in /tmp. LATBENCH_KEEP_TEST_DIRS=1 keeps them, to
// look at what a failing test wrote.
class TempDirs {
 public:
  ~TempDirs() {
    if (const char* keep = std::getenv("LATBENCH_KEEP_TEST_DIRS"); keep && *keep && std::string(keep) != "0") return;
    for (const auto& dir : m_dirs) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }
  void add(const std::string& dir) { m_dirs.push_back(dir); }

 private:
  std::vector<std::string> m_dirs;
};

TempDirs& temp_dirs() {
  static TempDirs dirs;
  return dirs;
}

}  // namespace

std::string make_temp_dir(const std::string& prefix) {
  auto pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp");
  temp_dirs().add(pattern);
  return pattern;
}

}  // namespace latbench::test
