#include "client/run_config.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/size.hpp"

namespace latbench::client {

server::ServerOptions embedded_server_defaults() {
  server::ServerOptions o;
  o.processing.infer = server::Distribution::parse(k_embedded_infer, "infer").take();
  return o;
}

Result<Connection> parse_connection(std::string_view text, std::string_view what) {
  if (text == "new") return Connection{ConnectionMode::fresh, 1};
  if (text == "persistent" || text == "keepalive" || text == "keep-alive") {
    return Connection{ConnectionMode::persistent, 1};
  }
  if (text.substr(0, 5) == "pool=") {
    auto digits = text.substr(5);
    unsigned n = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec == std::errc() && ptr == digits.data() + digits.size() && n >= 1 && n <= 1024) {
      return Connection{ConnectionMode::pool, n};
    }
  }
  return usage_error(fmt::format(
      "{}: invalid value '{}' (expected new, persistent, or pool=N with N in 1..1024)", what, text));
}

std::size_t resolve_send_buffer(std::optional<std::size_t> send_buffer, bool link_limits_up) {
  return send_buffer.value_or(link_limits_up ? k_device_send_buffer : 0);
}

Result<std::optional<std::size_t>> parse_send_buffer(std::string_view text, std::string_view what) {
  if (text == "auto") return std::optional<std::size_t>{};
  if (text == "os") return std::optional<std::size_t>{0};
  constexpr std::size_t k_max = 64u << 20;
  const auto bytes = parse_size(text, what);
  if (bytes && *bytes >= 1 && *bytes <= k_max) return std::optional<std::size_t>{*bytes};
  return usage_error(fmt::format(
      "{}: invalid value '{}' (expected auto, os, or a size in bytes up to 64MiB such as 5744 or 16KiB)",
      what, text));
}

std::string format_send_buffer(std::optional<std::size_t> send_buffer) {
  if (!send_buffer) return "auto";
  if (*send_buffer == 0) return "os";
  return std::to_string(*send_buffer);
}

std::string format_connection(Connection connection) {
  switch (connection.mode) {
    case ConnectionMode::fresh: return "new";
    case ConnectionMode::persistent: return "persistent";
    case ConnectionMode::pool: return fmt::format("pool={}", connection.pool);
  }
  return "new";
}

Result<double> parse_rate(std::string_view text, std::string_view what) {
  double per = 1.0;
  std::string_view number = text;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    auto unit = text.substr(slash + 1);
    number = text.substr(0, slash);
    if (unit == "s") per = 1.0;
    else if (unit == "min" || unit == "m") per = 60.0;
    else if (unit == "h") per = 3600.0;
    else per = -1;
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (per < 0 || number.empty() || ec != std::errc() || ptr != number.data() + number.size() ||
      !std::isfinite(value) || value <= 0 || value / per > 1e6) {
    return usage_error(fmt::format(
        "{}: invalid rate '{}' (expected requests per second per device, e.g. 30/s, 0.5/s, 100/min; "
        "at most 1e6/s)", what, text));
  }
  return value / per;
}

}  // namespace latbench::client
