#include "server/device_commands.hpp"

namespace latbench::server {

bool DeviceCommands::push(std::string_view device, std::vector<std::string> commands) {
  std::lock_guard lock(m_mutex);
  auto it = m_queues.find(std::string(device));
  if (it == m_queues.end()) {
    if (m_queues.size() >= k_max_devices) return false;
    it = m_queues.emplace(std::string(device), std::vector<std::string>{}).first;
  }
  if (it->second.size() + commands.size() > k_max_per_device) return false;
  for (auto& c : commands) it->second.push_back(std::move(c));
  return true;
}

std::vector<std::string> DeviceCommands::take(std::string_view device) {
  std::lock_guard lock(m_mutex);
  auto it = m_queues.find(std::string(device));
  if (it == m_queues.end()) return {};
  auto out = std::move(it->second);
  m_queues.erase(it);
  return out;
}

std::size_t DeviceCommands::pending(std::string_view device) const {
  std::lock_guard lock(m_mutex);
  auto it = m_queues.find(std::string(device));
  return it == m_queues.end() ? 0 : it->second.size();
}

}  // namespace latbench::server
