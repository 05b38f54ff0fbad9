#include "core/duration.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace latbench {
namespace {

double unit_scale_ns(std::string_view unit) {
  if (unit == "ns") return 1.0;
  if (unit == "us" || unit == "µs") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  if (unit == "m" || unit == "min") return 60e9;
  if (unit == "h") return 3600e9;
  return -1.0;
}

}  // namespace

Result<Nanos> parse_duration(std::string_view text, std::string_view what,
                             std::string_view default_unit) {
  auto fail = [&](std::string_view why) {
    return usage_error(fmt::format("{}: invalid duration '{}': {} (expected e.g. 40ms, 1.5s, 250us)",
                                   what, text, why));
  };
  if (text.empty()) return fail("empty");
  double number = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || !std::isfinite(number)) return fail("not a number");
  if (number < 0) return fail("negative");
  std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
  if (unit.empty()) unit = default_unit;
  if (unit.empty()) {  // the one mistake everyone makes: say what to write
    return usage_error(fmt::format("{}: invalid duration '{}': missing unit (write e.g. {}ms or {}s)",
                                   what, text, text, text));
  }
  double scale = unit_scale_ns(unit);
  if (scale < 0) return fail(fmt::format("unknown unit '{}'", unit));
  double ns = number * scale;
  if (ns > 9.2e18) return fail("too large");
  return Nanos(static_cast<Nanos::rep>(std::llround(ns)));
}

std::string format_ms(double ms) {
  if (!std::isfinite(ms)) return "-";
  double a = std::fabs(ms);
  if (a < 1e-3) return fmt::format("{:.0f}ns", ms * 1e6);
  if (a < 1.0) return fmt::format("{:.0f}us", ms * 1e3);
  if (a < 10.0) return fmt::format("{:.2f}ms", ms);
  if (a < 1000.0) return fmt::format("{:.1f}ms", ms);
  return fmt::format("{:.2f}s", ms / 1e3);
}

std::string format_duration(Nanos d) { return format_ms(to_ms(d)); }

}  // namespace latbench
