#include "stats/trim.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace latbench::stats {

Result<Trim> parse_trim(std::string_view text, std::string_view what) {
  auto fail = [&](std::string_view why) {
    return usage_error(fmt::format("{}: invalid value '{}': {} (expected a count per end such as 3, "
                                   "or a share per end such as 2.5%)", what, text, why));
  };
  bool share = !text.empty() && text.back() == '%';
  std::string_view number_text = share ? text.substr(0, text.size() - 1) : text;
  double number = 0;
  auto [ptr, ec] = std::from_chars(number_text.data(), number_text.data() + number_text.size(), number);
  if (number_text.empty() || ec != std::errc() || ptr != number_text.data() + number_text.size() ||
      !std::isfinite(number))
    return fail("not a number");
  if (number < 0) return fail("negative");
  if (share) {
    if (number >= 50) return fail("a share per end must be below 50%");
    return Trim{Trim::Kind::share, number / 100.0};
  }
  if (number != std::floor(number)) return fail("a count must be a whole number (use % for a share)");
  return Trim{Trim::Kind::count, number};
}

std::size_t trim_per_end(const Trim& trim, std::size_t n) {
  std::size_t k = 0;
  switch (trim.kind) {
    case Trim::Kind::none: return 0;
    case Trim::Kind::count: k = static_cast<std::size_t>(trim.amount); break;
    // floor(share * n), as scipy.stats.trim_mean does.
    case Trim::Kind::share: k = static_cast<std::size_t>(std::floor(trim.amount * static_cast<double>(n) + 1e-9)); break;
  }
  return 2 * k < n ? k : 0;
}

}  // namespace latbench::stats
