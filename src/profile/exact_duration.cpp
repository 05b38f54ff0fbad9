#include "profile/exact_duration.hpp"

#include <fmt/format.h>

namespace latbench::profile {

std::string format_duration_exact(Nanos d) {
  struct Unit {
    const char* name;
    Nanos::rep ns;
  };
  static constexpr Unit k_units[] = {{"h", 3'600'000'000'000}, {"m", 60'000'000'000},
                                     {"s", 1'000'000'000},     {"ms", 1'000'000},
                                     {"us", 1'000}};
  auto ns = d.count();
  if (ns == 0) return "0ms";
  for (const auto& u : k_units) {
    if (ns % u.ns == 0) return fmt::format("{}{}", ns / u.ns, u.name);
  }
  return fmt::format("{}ns", ns);
}

}  // namespace latbench::profile
