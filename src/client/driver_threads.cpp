#include "client/driver_threads.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "client/clock.hpp"
#include "client/shard.hpp"
#include "core/usable_cores.hpp"
#include "stats/summary.hpp"

namespace latbench::client {

Result<unsigned> resolve_threads(unsigned asked, unsigned devices, std::uint64_t requests, std::uint64_t warmup) {
  // Each loop needs a device and, when the run is bounded by requests, one of them to send.
  std::uint64_t most = devices;
  if (requests > 0) most = std::min<std::uint64_t>(most, requests + warmup);
  if (asked == 0) return static_cast<unsigned>(std::clamp<std::uint64_t>(usable_cores(), 1, std::max<std::uint64_t>(most, 1)));
  if (asked > most)
    return usage_error(fmt::format("threads: {} threads for {} {} (expected at most {}: a device's requests stay on "
                                   "one thread, so each thread needs a device{})", asked, most,
                                   most == devices ? "devices" : "requests", most,
                                   most == devices ? "" : " with a request to send"));
  return asked;
}

std::vector<DriverPlan> split_plan(const DriverPlan& plan, unsigned loops) {
  if (loops <= 1) return {plan};
  std::vector<DriverPlan> parts;
  parts.reserve(loops);
  for (unsigned i = 0; i < loops; ++i) {
    // A shard of the plan's own devices: loop i's device j is the plan's device i + j * loops.
    auto share = shard_share(Shard{i, loops}, plan.devices, plan.requests, plan.warmup);
    if (!share) throw Error(ErrorKind::internal, "driver: " + std::string(share.error().what()));
    DriverPlan part = plan;
    part.devices = share->devices;
    part.requests = share->requests;
    part.warmup = share->warmup;
    part.first_device = plan.fleet_device(i);
    part.device_stride = plan.device_stride * loops;
    parts.push_back(std::move(part));
  }
  return parts;
}

namespace {

void add_silence(std::optional<TargetSilence>& into, const TargetSilence& s) {
  if (!into) {
    into = s;
    return;
  }
  // The run stopped when the first loop gave up; the last answer is the latest any loop saw.
  if (s.last_answer && (!into->last_answer || *s.last_answer > *into->last_answer)) into->last_answer = s.last_answer;
  into->unanswered += s.unanswered;
  into->answered_after += s.answered_after;
  into->stopped_at = std::min(into->stopped_at, s.stopped_at);
}

DriverStats merge(const std::vector<DriverPlan>& plans, const std::vector<DriverStats>& parts, WallTime wall_start) {
  DriverStats all;
  all.wall_start = wall_start;
  const std::size_t loops = parts.size();
  unsigned devices = 0;
  for (const auto& p : plans) devices += p.devices;
  all.devices.resize(devices);
  for (std::size_t i = 0; i < loops; ++i) {
    const DriverStats& s = parts[i];
    all.sent += s.sent;
    all.completed += s.completed;
    all.skipped += s.skipped;
    all.cancelled += s.cancelled;
    all.aborted += s.aborted;
    all.elapsed = std::max(all.elapsed, s.elapsed);
    all.cpu_user_s += s.cpu_user_s;
    all.cpu_system_s += s.cpu_system_s;
    all.interrupt_level = std::max(all.interrupt_level, s.interrupt_level);
    if (s.silent) add_silence(all.silent, *s.silent);
    for (std::size_t j = 0; j < s.devices.size(); ++j) all.devices[i + j * loops] = s.devices[j];
    auto lag = s.start_lag_ms.values();
    ThreadStats t{plans[i].devices, s.sent, 0, s.cpu_user_s, s.cpu_system_s};
    if (!lag.empty()) {
      for (double v : lag) all.start_lag_ms.push_back(v);
      std::sort(lag.begin(), lag.end());
      t.start_lag_p99_ms = stats::percentile_sorted(lag, 0.99);
    }
    all.threads.push_back(t);
  }
  return all;
}

}  // namespace

DriverStats drive_threads(const std::vector<DriverPlan>& plans, const std::vector<Transport*>& transports,
                          const DriverHooks& hooks) {
  if (plans.empty() || plans.size() != transports.size()) throw Error(ErrorKind::internal, "driver: no loop to run");
  SteadyClock clock;
  if (plans.size() == 1) return drive(plans[0], hooks, *transports[0], clock);

  const std::size_t loops = plans.size();
  std::atomic<int> interrupt{0};       // the caller's, forwarded; 2 when a loop failed
  std::atomic<std::uint64_t> next_seq{0};
  std::mutex samples_lock;             // one sample at a time into the caller's hooks
  std::mutex done_lock;
  std::condition_variable done_signal;
  std::size_t done = 0;
  std::vector<DriverStats> parts(loops);
  std::vector<std::exception_ptr> failures(loops);

  DriverHooks shared;
  shared.interrupt = &interrupt;
  shared.next_seq = &next_seq;
  if (hooks.on_sample)
    shared.on_sample = [&](const Sample& s) {
      std::lock_guard guard(samples_lock);
      hooks.on_sample(s);
    };
  // One zero for every loop, taken once: a loop that starts its thread later shows it as start lag.
  shared.start = clock.now();
  shared.start_wall = wall_now();

  std::vector<std::thread> threads;
  threads.reserve(loops);
  for (std::size_t i = 0; i < loops; ++i) {
    threads.emplace_back([&, i] {
      try {
        parts[i] = drive(plans[i], shared, *transports[i], clock);
      } catch (...) {
        failures[i] = std::current_exception();
        interrupt.store(2);
      }
      std::lock_guard guard(done_lock);
      ++done;
      done_signal.notify_one();
    });
  }
  // This thread ticks (flushes, progress) and passes a Ctrl-C on, until every loop ended.
  {
    std::unique_lock guard(done_lock);
    while (done < loops) {
      done_signal.wait_for(guard, std::chrono::milliseconds(10));
      if (hooks.interrupt) {
        const int asked = hooks.interrupt->load();
        int now = interrupt.load();
        while (asked > now && !interrupt.compare_exchange_weak(now, asked)) {
        }
      }
      if (hooks.on_tick) {
        guard.unlock();
        {
          std::lock_guard samples(samples_lock);
          hooks.on_tick(clock.now());
        }
        guard.lock();
      }
    }
  }
  for (auto& t : threads) t.join();
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
  return merge(plans, parts, shared.start_wall);
}

}  // namespace latbench::client
