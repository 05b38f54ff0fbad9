#include "server/worker_pool.hpp"

namespace latbench::server {

WorkerPool::WorkerPool(unsigned workers, std::size_t capacity) : m_capacity(capacity) {
  m_threads.reserve(workers);
  for (unsigned i = 0; i < workers; ++i) m_threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { drain_and_stop(); }

bool WorkerPool::try_submit(Job job) {
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping || m_threads.empty()) return false;
    if (m_capacity != 0 && m_jobs.size() >= m_capacity) return false;
    m_jobs.push_back(std::move(job));
  }
  m_cv.notify_one();
  return true;
}

bool WorkerPool::submit(Job job) {
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping || m_threads.empty()) return false;
    m_jobs.push_back(std::move(job));
  }
  m_cv.notify_one();
  return true;
}

void WorkerPool::drain_and_stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cv.notify_all();
  for (auto& t : m_threads)
    if (t.joinable()) t.join();
}

bool WorkerPool::wait_idle(std::chrono::nanoseconds timeout) {
  std::unique_lock lock(m_mutex);
  return m_idle_cv.wait_for(lock, timeout, [this] { return m_jobs.empty() && m_running == 0; });
}

std::size_t WorkerPool::depth() const {
  std::lock_guard lock(m_mutex);
  return m_jobs.size();
}

void WorkerPool::run() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(m_mutex);
      m_cv.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
      if (m_jobs.empty()) return;  // stopping and drained
      job = std::move(m_jobs.front());
      m_jobs.pop_front();
      ++m_running;
    }
    job();
    {
      std::lock_guard lock(m_mutex);
      --m_running;
    }
    m_idle_cv.notify_all();
  }
}

}  // namespace latbench::server
