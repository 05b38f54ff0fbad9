#include "serve_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <thread>
#include "common/test_paths.hpp"

namespace latbench::test {

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& args)
    : BackgroundProcess(latbench::test::latbench_binary(), args) {}

BackgroundProcess::BackgroundProcess(const std::string& program, const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) return;
  m_pid = fork();
  if (m_pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    std::string binary = program;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(binary.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  m_fd = fds[0];
}

BackgroundProcess::~BackgroundProcess() {
  if (m_pid > 0) {
    kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
  }
  if (m_fd >= 0) close(m_fd);
}

bool BackgroundProcess::read_until(const std::string& needle, std::chrono::milliseconds deadline) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (m_out.find(needle) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0 || m_fd < 0) return false;
    pollfd p{m_fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[4096];
    auto n = read(m_fd, buf, sizeof buf);
    if (n <= 0) return m_out.find(needle) != std::string::npos;
    m_out.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

int BackgroundProcess::stop(int sig, std::chrono::milliseconds deadline) {
  if (m_pid <= 0) return -1;
  kill(m_pid, sig);
  auto end = std::chrono::steady_clock::now() + deadline;
  int status = 0;
  while (true) {
    pid_t r = waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) break;
    if (std::chrono::steady_clock::now() > end) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  m_pid = -1;
  read_until("\x01never", std::chrono::milliseconds(200));  // drain to EOF
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

int announced_port(const std::string& text) {
  std::smatch m;
  static const std::regex re(R"(https?://127\.0\.0\.1:(\d+))");
  if (!std::regex_search(text, m, re)) return 0;
  return std::stoi(m[1]);
}

}  // namespace latbench::test
