#pragma once
// Model slots: N threads that take images in arrival order, like a service with N GPUs. Sync mode
// submits unconditionally (the number of connections bounds the queue); async mode uses
// try_submit so a full queue drops the image instead of blocking the I/O thread.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace latbench::server {

class WorkerPool {
 public:
  using Job = std::function<void()>;

  // capacity: how many jobs may wait (not counting those running); 0 = unbounded.
  WorkerPool(unsigned workers, std::size_t capacity);
  ~WorkerPool();  // drain_and_stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // false when the queue is full or the pool is stopping (the job is not run).
  bool try_submit(Job job);
  // Queues regardless of capacity; false only when stopping.
  bool submit(Job job);
  // Runs every queued job, then joins the workers. Idempotent.
  void drain_and_stop();
  // Waits until no job is queued or running, at most `timeout`; false when time ran out.
  bool wait_idle(std::chrono::nanoseconds timeout);

  std::size_t depth() const;

 private:
  void run();

  std::size_t m_capacity;
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  std::condition_variable m_idle_cv;
  std::deque<Job> m_jobs;
  std::size_t m_running = 0;
  bool m_stopping = false;
  std::vector<std::thread> m_threads;
};

}  // namespace latbench::server
