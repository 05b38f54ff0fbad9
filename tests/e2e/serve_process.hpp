#pragma once
// A long-running `latbench serve` / `latbench link` child (or another program) for end-to-end tests: started with a
// pipe on its stdout so the test can read the port it announces, stopped with a signal.
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>
#include "common/test_paths.hpp"

namespace latbench::test {

class BackgroundProcess {
 public:
  // Starts the latbench binary with args; stdout is readable through read_until().
  explicit BackgroundProcess(const std::vector<std::string>& args);
  // Starts `program` (looked up in PATH, e.g. "python3" for a peer we did not write) with args.
  BackgroundProcess(const std::string& program, const std::vector<std::string>& args);
  ~BackgroundProcess();  // SIGKILL if still running
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Reads stdout until `needle` appears (true) or the deadline passes / EOF (false).
  bool read_until(const std::string& needle, std::chrono::milliseconds deadline);
  // Sends `sig`, waits for the exit (up to deadline), reads the rest of stdout. Exit code, or
  // 128 + signal, or -1 on timeout.
  int stop(int sig, std::chrono::milliseconds deadline);
  const std::string& output() const { return m_out; }
  pid_t pid() const { return m_pid; }  // -1 once stopped

 private:
  pid_t m_pid = -1;
  int m_fd = -1;
  std::string m_out;
};

// The port in "...http://127.0.0.1:<port>..." (or https://) of `text`, 0 when absent.
int announced_port(const std::string& text);

}  // namespace latbench::test
