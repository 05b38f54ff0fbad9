#include "report/plot_gnuplot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace latbench::report {
namespace {

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  int get() const { return m_fd; }

 private:
  int m_fd;
};

std::string system_error_text(int error) { return std::strerror(error); }

// An anonymous in-memory file: the child reads the script from it / writes its errors to it.
int memory_file(const char* name) {
  const int fd = ::memfd_create(name, MFD_CLOEXEC);
  if (fd < 0) throw Error(ErrorKind::internal, fmt::format("memfd_create: {}", system_error_text(errno)));
  return fd;
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::internal, fmt::format("writing the gnuplot script: {}", system_error_text(errno)));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string read_all(int fd) {
  std::string out;
  if (::lseek(fd, 0, SEEK_SET) < 0) return out;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

// gnuplot's first complaint, on one line, for the error message.
std::string first_error_line(const std::string& stderr_text) {
  std::string best;
  std::size_t start = 0;
  while (start < stderr_text.size()) {
    std::size_t end = stderr_text.find('\n', start);
    if (end == std::string::npos) end = stderr_text.size();
    std::string line = stderr_text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t^") == std::string::npos) continue;
    if (best.empty()) best = line;
    if (line.find("rror") != std::string::npos) return line;
  }
  return best.empty() ? "no message" : best;
}

}  // namespace

GnuplotMissing::GnuplotMissing(std::string_view program)
    : Error(ErrorKind::input, gnuplot_missing_message(program)) {}

std::string gnuplot_missing_message(std::string_view program) {
  return fmt::format("{} not found, no plots drawn: install it with 'sudo apt-get install "
                     "gnuplot-nox' (tables and Markdown are still written)", program);
}

bool gnuplot_available(std::string_view program) {
  if (program.empty()) return false;
  if (program.find('/') != std::string_view::npos) {
    return ::access(std::string(program).c_str(), X_OK) == 0;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    if (dir.empty()) dir = ".";
    if (::access((dir + "/" + std::string(program)).c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) return false;
    dirs.remove_prefix(colon + 1);
  }
}

void run_gnuplot(const std::string& script, const std::filesystem::path& output,
                 const PlotOptions& options) {
  if (!gnuplot_available(options.gnuplot)) throw GnuplotMissing(options.gnuplot);

  Fd input(memory_file("latbench-gnuplot-script"));
  write_all(input.get(), script);
  if (::lseek(input.get(), 0, SEEK_SET) < 0) {
    throw Error(ErrorKind::internal, fmt::format("lseek: {}", system_error_text(errno)));
  }
  Fd errors(memory_file("latbench-gnuplot-stderr"));
  Fd out(::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (out.get() < 0) {
    throw Error(ErrorKind::input, fmt::format("{}: cannot write the plot: {}", output.string(),
                                              system_error_text(errno)));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errors.get(), STDERR_FILENO);
  std::string program = options.gnuplot;
  std::vector<char*> argv = {program.data(), nullptr};
  pid_t pid = -1;
  const int spawn_error = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    std::filesystem::remove(output);
    if (spawn_error == ENOENT) throw GnuplotMissing(options.gnuplot);
    throw Error(ErrorKind::internal, fmt::format("cannot start {}: {}", program, system_error_text(spawn_error)));
  }

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error(ErrorKind::internal, fmt::format("waitpid: {}", system_error_text(errno)));
  }
  const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok) {
    std::error_code ignored;
    std::filesystem::remove(output, ignored);
    throw Error(ErrorKind::internal, fmt::format("{}: gnuplot failed ({}): {}", output.string(),
                                                 WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status))
                                                                   : fmt::format("signal {}", WTERMSIG(status)),
                                                 first_error_line(read_all(errors.get()))));
  }
}

}  // namespace latbench::report
