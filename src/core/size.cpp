#include "core/size.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace latbench {
namespace {

// 0 for a unit that is not one.
double scale_of(std::string_view unit) {
  static constexpr std::array<std::pair<std::string_view, double>, 16> k_units{{
      {"", 1},           {"B", 1},
      {"k", 1024.0},     {"K", 1024.0},    {"KiB", 1024.0},
      {"kB", 1e3},       {"KB", 1e3},
      {"m", 1048576.0},  {"M", 1048576.0}, {"MiB", 1048576.0}, {"MB", 1e6},
      {"g", 1073741824.0}, {"G", 1073741824.0}, {"GiB", 1073741824.0}, {"GB", 1e9},
      {"b", 0},  // bits are not bytes: refused rather than guessed
  }};
  for (const auto& [name, scale] : k_units)
    if (name == unit) return scale;
  return 0;
}

}  // namespace

Result<std::size_t> parse_size(std::string_view text, std::string_view what) {
  double number = -1;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number, std::chars_format::fixed);
  const double scale = ec == std::errc() ? scale_of(text.substr(static_cast<std::size_t>(ptr - text.data()))) : 0;
  const double bytes = number * scale;
  constexpr double k_max = 4611686018427387904.0;  // 2^62: far beyond any buffer, still a size_t
  if (ec != std::errc() || scale == 0 || !std::isfinite(bytes) || bytes < 0 || bytes > k_max)
    return usage_error(fmt::format("{}: invalid size '{}' (expected e.g. 8MiB, 500kB, 4096)", what, text));
  return static_cast<std::size_t>(bytes);
}

std::string human_bytes(double bytes) {
  if (bytes >= 1e6) return fmt::format("{:.2f} MB", bytes / 1e6);
  if (bytes >= 1e3) return fmt::format("{:.1f} KB", bytes / 1e3);
  return fmt::format("{:.0f} B", bytes);
}

std::string human_bit_rate(double bits_per_s) {
  if (bits_per_s >= 1e6) return fmt::format("{:.2f} Mbit/s", bits_per_s / 1e6);
  return fmt::format("{:.1f} kbit/s", bits_per_s / 1e3);
}

}  // namespace latbench
