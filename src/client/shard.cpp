#include "client/shard.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

namespace latbench::client {
namespace {

constexpr const char* k_forms = "I/N with 0 <= I < N <= 10000, or auto/N (I from JOB_COMPLETION_INDEX)";

std::optional<unsigned> whole_number(std::string_view text) {
  unsigned v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

// Request k goes to device k mod D: device d sends floor(n/D), plus one while d < n mod D.
// The shard's devices are I, I+N, ...: floor(n/D) each, and the extras of those below n mod D.
std::uint64_t device_requests(std::uint64_t n, unsigned devices, unsigned shard_devices, Shard shard) {
  return n / devices * shard_devices + striped_share(n % devices, shard.index, shard.count);
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<Shard> parse_shard(std::string_view text, std::string_view what, const EnvLookup& env) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos)
    return usage_error(fmt::format("{}: expected {}, got '{}'", what, k_forms, text));
  const auto count = whole_number(text.substr(slash + 1));
  if (!count || *count < 1 || *count > k_max_shards)
    return usage_error(fmt::format("{}: expected {}, got '{}' (N must be 1..{})", what, k_forms, text, k_max_shards));
  const std::string_view index_text = text.substr(0, slash);
  if (index_text == "auto") {
    const auto value = env(k_shard_index_variable);
    if (!value)
      return usage_error(fmt::format("{}: '{}' reads the shard's index from {}, which is not set (a Kubernetes "
                                     "Indexed Job sets it; elsewhere give I/N)", what, text, k_shard_index_variable));
    const auto index = whole_number(*value);
    if (!index || *index >= *count)
      return usage_error(fmt::format("{}: {}='{}' is not a shard index of '{}' (expected 0..{})", what,
                                     k_shard_index_variable, *value, text, *count - 1));
    return Shard{*index, *count};
  }
  const auto index = whole_number(index_text);
  if (!index || *index >= *count)
    return usage_error(fmt::format("{}: expected {}, got '{}' (I must be 0..{})", what, k_forms, text, *count - 1));
  return Shard{*index, *count};
}

std::string format_shard(Shard shard) { return fmt::format("{}/{}", shard.index, shard.count); }

std::uint64_t striped_share(std::uint64_t n, unsigned index, unsigned count) {
  return n / count + (index < n % count ? 1 : 0);
}

Result<ShardShare> shard_share(Shard shard, unsigned devices, std::uint64_t requests, std::uint64_t warmup) {
  ShardShare share;
  share.devices = static_cast<unsigned>(striped_share(devices, shard.index, shard.count));
  share.first_device = shard.index;
  share.device_stride = shard.count;
  if (share.devices == 0)
    return usage_error(fmt::format("shard: {} gets none of the {} devices (expected at least as many devices as "
                                   "shards: device k goes to shard k mod {})", format_shard(shard), devices, shard.count));
  share.requests = device_requests(requests, devices, share.devices, shard);
  share.warmup = device_requests(warmup, devices, share.devices, shard);
  if (requests > 0 && share.requests == 0)
    return usage_error(fmt::format("shard: {} gets none of the {} requests: its devices send none (expected at "
                                   "least as many requests as devices)", format_shard(shard), requests));
  return share;
}

}  // namespace latbench::client
