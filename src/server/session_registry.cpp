#include "server/session_registry.hpp"

#include <chrono>

namespace latbench::server {

void ServedConnection::enter_idle() {
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  m_idle_since.store(now > 0 ? now : 1, std::memory_order_release);
}

bool ServedConnection::leave_idle() {
  return m_idle_since.exchange(0, std::memory_order_acq_rel) != k_evicted;
}

void SessionRegistry::add(const std::shared_ptr<ServedConnection>& connection) {
  std::lock_guard lock(m_mutex);
  m_connections.emplace(connection.get(), connection);
}

void SessionRegistry::remove(ServedConnection* connection) {
  std::lock_guard lock(m_mutex);
  m_connections.erase(connection);
  if (m_connections.empty()) m_cv.notify_all();
}

// The last reference to a connection may be the one we take here: its destructor locks m_mutex,
// so connections are collected under the lock and told (and released) outside it.
std::vector<std::shared_ptr<ServedConnection>> SessionRegistry::live() {
  std::vector<std::shared_ptr<ServedConnection>> out;
  std::lock_guard lock(m_mutex);
  for (auto& [raw, weak] : m_connections)
    if (auto s = weak.lock()) out.push_back(std::move(s));
  return out;
}

void SessionRegistry::shutdown_all() {
  for (auto& s : live()) s->shutdown();
}

void SessionRegistry::force_close_all() {
  for (auto& s : live()) s->force_close();
}

bool SessionRegistry::evict_oldest_idle() {
  std::shared_ptr<ServedConnection> victim;  // released after the lock: it may be the last reference
  bool claimed = false;
  {
    std::lock_guard lock(m_mutex);
    // Each claim can lose to the connection leaving idle at that moment: try the next oldest.
    for (int attempt = 0; attempt < 4; ++attempt) {
      ServedConnection* oldest = nullptr;
      std::int64_t oldest_since = 0;
      // A connection in the map is alive: its destructor waits on m_mutex to remove it.
      for (auto& [raw, weak] : m_connections) {
        auto since = raw->idle_since().load(std::memory_order_acquire);
        if (since > 0 && (oldest == nullptr || since < oldest_since)) {
          oldest = raw;
          oldest_since = since;
        }
      }
      if (oldest == nullptr) return false;
      if (oldest->idle_since().compare_exchange_strong(oldest_since, ServedConnection::k_evicted,
                                                       std::memory_order_acq_rel)) {
        claimed = true;
        victim = m_connections.find(oldest)->second.lock();  // null: being destroyed, freeing a slot too
        break;
      }
    }
  }
  if (victim) victim->force_close();
  return claimed;
}

bool SessionRegistry::wait_empty(Nanos timeout) {
  std::unique_lock lock(m_mutex);
  return m_cv.wait_for(lock, timeout, [this] { return m_connections.empty(); });
}

}  // namespace latbench::server
