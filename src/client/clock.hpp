#pragma once
// The driver's clock, behind an interface so that scheduling runs in virtual time in tests (a fake
// clock that a fake transport advances) and on std::chrono::steady_clock in a real run.
#include <chrono>

namespace latbench::client {

using SteadyTime = std::chrono::steady_clock::time_point;

// Milliseconds from `from` to `to`, the unit every recorded duration is in.
inline double ms_between(SteadyTime from, SteadyTime to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SteadyTime now() const = 0;
};

class SteadyClock final : public Clock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace latbench::client
