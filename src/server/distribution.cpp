#include "server/distribution.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace latbench::server {

Distribution Distribution::fixed(Nanos value) {
  Distribution d;
  d.m_a_ms = to_ms(value);
  return d;
}

Result<Distribution> Distribution::parse(std::string_view text, std::string_view what) {
  const std::string_view expected =
      "expected fixed(40ms), normal(40ms,3ms), lognormal(40ms,10ms), uniform(30ms,50ms) or 40ms";
  auto fail = [&](const std::string& why) {
    return usage_error(fmt::format("{}: invalid distribution '{}': {} ({})", what, text, why,
                                   expected));
  };
  std::string_view t = trim_blanks(text);
  auto open = t.find('(');
  auto too_long = [&](double ms) { return ms > to_ms(k_max_simulated_stage); };
  static_assert(k_max_simulated_stage == std::chrono::hours(1), "the messages below say 1h");
  const std::string longest = "1h";
  if (open == std::string_view::npos) {  // a bare duration means fixed
    auto value = parse_duration(t, what);
    if (!value) return value.error();
    if (too_long(to_ms(*value)))
      return fail(fmt::format("{} is longer than the longest simulated stage ({})", trim_blanks(t), longest));
    return fixed(*value);
  }
  if (t.back() != ')') return fail("missing ')'");
  std::string_view name = trim_blanks(t.substr(0, open));
  std::string_view inside = t.substr(open + 1, t.size() - open - 2);
  std::vector<double> args;
  while (true) {
    auto comma = inside.find(',');
    auto part = trim_blanks(inside.substr(0, comma));
    auto value = parse_duration(part, what);
    if (!value) return fail(fmt::format("argument '{}' is not a duration", part));
    if (too_long(to_ms(*value)))
      return fail(fmt::format("argument '{}' is longer than the longest simulated stage ({})", part, longest));
    args.push_back(to_ms(*value));
    if (comma == std::string_view::npos) break;
    inside.remove_prefix(comma + 1);
  }
  Distribution d;
  auto want = [&](std::size_t n) { return args.size() == n; };
  if (name == "fixed") {
    if (!want(1)) return fail("fixed takes 1 argument");
    d.m_kind = Kind::fixed;
  } else if (name == "normal" || name == "lognormal") {
    if (!want(2)) return fail(fmt::format("{} takes 2 arguments (mean, sd)", name));
    d.m_kind = name == "normal" ? Kind::normal : Kind::lognormal;
    if (d.m_kind == Kind::lognormal && args[0] <= 0) return fail("lognormal mean must be > 0");
    // Over 16% of such draws are negative and clamped to 0: neither the mean nor the SD written
    // would be the one simulated.
    if (d.m_kind == Kind::normal && args[1] > args[0])
      return fail("the SD is larger than the mean: over 16% of the draws would be negative (clamped to 0); "
                  "for a long tail use lognormal(mean,sd)");
  } else if (name == "uniform") {
    if (!want(2)) return fail("uniform takes 2 arguments (low, high)");
    if (args[1] < args[0]) return fail("uniform needs low <= high");
    d.m_kind = Kind::uniform;
  } else {
    return fail(fmt::format("unknown distribution '{}'", name));
  }
  d.m_a_ms = args[0];
  d.m_b_ms = args.size() > 1 ? args[1] : 0.0;
  return d;
}

Nanos Distribution::sample(std::mt19937_64& rng) const {
  double ms = m_a_ms;
  switch (m_kind) {
    case Kind::fixed: break;
    case Kind::normal:
      if (m_b_ms > 0) ms = std::normal_distribution<double>(m_a_ms, m_b_ms)(rng);
      break;
    case Kind::lognormal:
      if (m_b_ms > 0) {
        // Moments of the times -> parameters of their logarithm.
        double sigma2 = std::log1p((m_b_ms * m_b_ms) / (m_a_ms * m_a_ms));
        double mu = std::log(m_a_ms) - sigma2 / 2;
        ms = std::lognormal_distribution<double>(mu, std::sqrt(sigma2))(rng);
      }
      break;
    case Kind::uniform:
      if (m_b_ms > m_a_ms) ms = std::uniform_real_distribution<double>(m_a_ms, m_b_ms)(rng);
      break;
  }
  return from_ms(std::clamp(ms, 0.0, to_ms(k_max_simulated_stage)));
}

Nanos Distribution::mean() const {
  if (m_kind == Kind::uniform) return from_ms((m_a_ms + m_b_ms) / 2);
  return from_ms(m_a_ms);  // normal truncation at 0 is ignored: means of interest are >> SD
}

std::string Distribution::to_string() const {
  auto ms = [](double v) { return fmt::format("{}ms", v); };
  switch (m_kind) {
    case Kind::fixed: return fmt::format("fixed({})", ms(m_a_ms));
    case Kind::normal: return fmt::format("normal({},{})", ms(m_a_ms), ms(m_b_ms));
    case Kind::lognormal: return fmt::format("lognormal({},{})", ms(m_a_ms), ms(m_b_ms));
    case Kind::uniform: return fmt::format("uniform({},{})", ms(m_a_ms), ms(m_b_ms));
  }
  return {};
}

}  // namespace latbench::server
