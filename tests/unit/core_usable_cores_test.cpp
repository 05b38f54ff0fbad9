// usable_cores() follows the CPUs this process may run on, not the machine's count.
#include <gtest/gtest.h>

#include <sched.h>

#include "core/usable_cores.hpp"

TEST(CoreUsableCores, FollowsTheAffinityMask) {
  cpu_set_t saved;
  ASSERT_EQ(sched_getaffinity(0, sizeof saved, &saved), 0);
  EXPECT_EQ(latbench::usable_cores(), static_cast<std::size_t>(CPU_COUNT(&saved)));
  cpu_set_t one;
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &saved)) {
      CPU_SET(cpu, &one);
      break;
    }
  }
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  EXPECT_EQ(latbench::usable_cores(), 1u);  // like `taskset -c 0`
  ASSERT_EQ(sched_setaffinity(0, sizeof saved, &saved), 0);
}
