#include "interrupt_scope.hpp"

#include <csignal>

namespace latbench::cli {
namespace {

// Lock-free, so touching it from a signal handler is allowed.
std::atomic<int> g_interrupts{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void count_sigint(int) { g_interrupts.fetch_add(1); }

}  // namespace

InterruptScope::InterruptScope() {
  g_interrupts = 0;
  previous_ = std::signal(SIGINT, count_sigint);
}

InterruptScope::~InterruptScope() { std::signal(SIGINT, previous_); }

const std::atomic<int>* InterruptScope::count() const { return &g_interrupts; }

}  // namespace latbench::cli
