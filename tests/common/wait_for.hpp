#pragma once
// Polls `pred` until it holds or `deadline` passes: for tests that wait on another thread or
// process (a server's counter, a closed socket) without a fixed sleep. Bounded by design.
#include <chrono>
#include <thread>

namespace latbench::test {

template <class Pred>
bool wait_for(Pred pred, std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace latbench::test
