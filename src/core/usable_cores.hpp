#pragma once
// How many CPUs this process may run on: its affinity mask (taskset, a container's cpuset), not
// the machine's count that std::thread::hardware_concurrency() reports. On one allowed core a
// second thread only adds the cost of splitting the work and joining the halves.
#include <cstddef>

namespace latbench {

// At least 1.
std::size_t usable_cores();

}  // namespace latbench
