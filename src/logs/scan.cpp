#include "logs/scan.hpp"

namespace latbench::logs {

NumberStatus scan_number_slow(std::string_view& text, const char* first, double& value) {
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, value, std::chars_format::fixed | std::chars_format::scientific);
  if (ec == std::errc::result_out_of_range) return NumberStatus::out_of_range;
  if (ec != std::errc()) return NumberStatus::none;
  if (!std::isfinite(value)) return NumberStatus::out_of_range;
  text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
  return NumberStatus::ok;
}

}  // namespace latbench::logs
