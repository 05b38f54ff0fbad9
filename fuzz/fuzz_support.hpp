#pragma once
// What every fuzz target shares: the input as a file the CLI's own readers open (a memfd, so no
// disk and no cleanup), and the one rule for exceptions. A latbench::Error is the answer to bad
// input (the CLI prints it, exit 2); any other exception would reach the user as "internal
// error" without naming the file or line, so it is a finding, like a crash.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "core/error.hpp"

namespace latbench::fuzz {

// One in-memory file per process, rewritten for each input. path() is what the readers open.
class MemFile {
 public:
  MemFile() : m_fd(memfd_create("latbench-fuzz", MFD_CLOEXEC)) {
    if (m_fd < 0) { std::perror("memfd_create"); std::abort(); }
    m_path = "/proc/self/fd/" + std::to_string(m_fd);
  }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  ~MemFile() { close(m_fd); }

  const std::string& write(std::string_view bytes) {
    if (ftruncate(m_fd, 0) != 0) { std::perror("ftruncate"); std::abort(); }
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = pwrite(m_fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n <= 0) { std::perror("pwrite"); std::abort(); }
      done += static_cast<std::size_t>(n);
    }
    return m_path;
  }
  const std::string& path() const { return m_path; }

 private:
  int m_fd;
  std::string m_path;
};

// Splits `text` at the first `separator`: the part before is returned, `text` keeps the rest
// (all of it stays in the returned part when there is no separator).
inline std::string_view take_until(std::string_view& text, std::string_view separator) {
  const auto at = text.find(separator);
  if (at == std::string_view::npos) {
    const std::string_view all = text;
    text = {};
    return all;
  }
  const std::string_view head = text.substr(0, at);
  text.remove_prefix(at + separator.size());
  return head;
}

// Runs fn(); a latbench::Error is an expected answer, anything else aborts with its type and text.
template <class Fn>
void expect_only_latbench_errors(const char* what, Fn&& fn) {
  try {
    fn();
  } catch (const latbench::Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: %s: exception other than latbench::Error (%s): %s\n", what,
                 typeid(e).name(), e.what());
    std::abort();
  }
}

// A property of the output the target checks (e.g. a round trip): abort with the reason.
inline void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz: check failed: %s\n", what);
    std::abort();
  }
}

}  // namespace latbench::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
