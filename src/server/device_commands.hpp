#pragma once
// Commands queued for a device (POST /api/devices/{id}/commands) and handed out, once, with the
// next upload's response. Bounded so a client cannot grow the server without limit.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace latbench::server {

class DeviceCommands {
 public:
  static constexpr std::size_t k_max_per_device = 256;
  static constexpr std::size_t k_max_devices = 10000;

  // Queues serialized JSON values. Returns false (nothing queued) when a bound would be exceeded.
  bool push(std::string_view device, std::vector<std::string> commands);
  // Takes every pending command of `device`, oldest first.
  std::vector<std::string> take(std::string_view device);
  std::size_t pending(std::string_view device) const;

 private:
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, std::vector<std::string>> m_queues;
};

}  // namespace latbench::server
