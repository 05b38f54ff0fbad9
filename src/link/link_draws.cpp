#include "link/link_draws.hpp"

#include <cmath>
#include <numbers>

namespace latbench::link {

double LinkDraws::normal(std::uint64_t connection, DrawKind kind, std::uint64_t index) const {
  const double u1 = 1.0 - uniform(connection, kind, 2 * index);  // (0, 1]: log is finite
  const double u2 = uniform(connection, kind, 2 * index + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace latbench::link
