#include "stats/median_ci.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "stats/bootstrap_diff.hpp"  // percentile_interval
#include "stats/mann_whitney.hpp"  // normal_quantile
#include "stats/summary.hpp"  // interpolate

namespace latbench::stats {

namespace {

// splitmix64: small, fast, and the same numbers everywhere (the interval must be reproducible
// from --seed on every platform, which std::*_distribution does not promise).
class Random {
 public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in (0, 1), never 0 or 1.
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1p-53; }
  double normal() { return std::sqrt(-2 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); }
  // Gamma(shape, 1) for shape >= 1 (Marsaglia and Tsang 2000).
  double gamma(double shape) {
    const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    for (;;) {
      const double x = normal(), t = 1 + c * x;
      if (t <= 0) continue;
      const double v = t * t * t;
      if (std::log(uniform()) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
  }
  // Beta(a, b) for a, b >= 1.
  double beta(double a, double b) {
    const double x = gamma(a);
    return x / (x + gamma(b));
  }

 private:
  std::uint64_t m_state;
};

}  // namespace

std::vector<double> bootstrap_median_replicates(std::span<const double> sorted, std::size_t resamples,
                                                std::uint64_t seed) {
  std::vector<double> out;
  const std::size_t n = sorted.size();
  if (n < 2) return out;
  out.reserve(resamples);
  Random rng(seed);
  const double nd = static_cast<double>(n);
  const double h = (nd - 1) / 2;  // median rank, interpolated like every percentile here
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const double frac = h - static_cast<double>(lo);
  const auto index = [&](double u) { return std::min(static_cast<std::size_t>(nd * u), n - 1); };
  for (std::size_t r = 0; r < resamples; ++r) {
    // Order statistics lo and lo+1 of n uniforms: Beta(lo+1, n-lo), then the least of the
    // n-lo-1 uniforms above it. floor(n U) is then that order statistic of n uniform indices.
    const double u_lo = rng.beta(static_cast<double>(lo + 1), static_cast<double>(n - lo));
    const double u_hi = u_lo + (1 - u_lo) * -std::expm1(std::log(rng.uniform()) / static_cast<double>(n - lo - 1));
    const double a = sorted[index(u_lo)], b = sorted[index(u_hi)];
    out.push_back(interpolate(a, b, frac));
  }
  return out;
}

std::uint64_t median_interval_rank(std::uint64_t n, double confidence) {
  const double tail = (1 - confidence) / 2;
  if (n > 100000) {
    // Exact enough here; the exact sum would take n/2 terms.
    const double nn = static_cast<double>(n);
    const double z = normal_quantile(0.5 + confidence / 2);
    return static_cast<std::uint64_t>(std::max(1.0, std::floor(nn / 2 - z * std::sqrt(nn) / 2)));
  }
  // P(B = i) = C(n, i) / 2^n, in logs so that 0.5^n cannot underflow.
  const double log_total = static_cast<double>(n) * std::log(2.0);
  const double lgn = std::lgamma(static_cast<double>(n) + 1);
  double cdf = 0;  // P(B <= i)
  std::uint64_t k = 0;
  for (std::uint64_t i = 0; i <= n / 2; ++i) {
    const double di = static_cast<double>(i);
    cdf += std::exp(lgn - std::lgamma(di + 1) - std::lgamma(static_cast<double>(n) - di + 1) - log_total);
    if (cdf > tail * (1 + 1e-12)) break;
    k = i + 1;  // P(B <= k-1) = cdf <= tail
  }
  return k;
}

MedianCi median_ci(std::span<const double> sorted, std::uint64_t seed, double confidence, std::size_t resamples) {
  MedianCi ci;
  if (sorted.size() < 2) return ci;
  if (sorted.size() <= k_bootstrap_max) {
    auto replicates = bootstrap_median_replicates(sorted, resamples, seed);
    const Interval iv = percentile_interval(replicates, confidence);
    ci.low = iv.low;
    ci.high = iv.high;
    ci.method = fmt::format("bootstrap, {} resamples, seed {}", resamples, seed);
  } else {
    // Ranks of the distribution-free interval [x_(k), x_(n-k+1)] (1-based), with the binomial
    // (n, 1/2) quantile from its normal approximation — exact enough at n > 200000, where the
    // binomial's own pmf (0.5^n) underflows.
    const auto k = static_cast<std::size_t>(median_interval_rank(sorted.size(), confidence));
    ci.low = sorted[k - 1];
    ci.high = sorted[sorted.size() - k];
    ci.method = fmt::format("order statistics (normal approximation of the binomial), n > {}", k_bootstrap_max);
  }
  ci.valid = true;
  return ci;
}

}  // namespace latbench::stats
