#pragma once
// Ctrl-C for commands that drive uploads (run, compare with profiles): while a scope lives,
// SIGINT only counts; the engine polls the count (1: stop scheduling and let in-flight uploads
// end, 2: abort them) and the command writes what it has and exits 130. The previous handler
// comes back when the scope ends, exceptions included.
#include <atomic>

namespace latbench::cli {

class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  const std::atomic<int>* count() const;

 private:
  void (*previous_)(int);
};

}  // namespace latbench::cli
