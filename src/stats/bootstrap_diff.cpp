#include "stats/bootstrap_diff.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace latbench::stats {
namespace {

// Every statistic of one weighted sample in O(n): `counts[i]` copies of sorted[i], n in total.
class WeightedStats {
 public:
  WeightedStats(std::span<const Estimator> estimators, std::size_t n) : m_estimators(estimators), m_n(n) {
    // Ranks the quantiles need, visited in ascending order during one walk.
    for (std::size_t e = 0; e < estimators.size(); ++e) {
      if (estimators[e].kind != Estimator::Kind::quantile) continue;
      const double h = static_cast<double>(n - 1) * std::clamp(estimators[e].p, 0.0, 1.0);
      const auto lo = static_cast<std::size_t>(std::floor(h));
      m_ranks.push_back({lo, e, false});
      m_ranks.push_back({std::min(lo + 1, n - 1), e, true});
    }
    std::sort(m_ranks.begin(), m_ranks.end(),
              [](const RankNeed& a, const RankNeed& b) { return a.rank < b.rank; });
    m_lo.resize(estimators.size());
    m_hi.resize(estimators.size());
  }

  template <class CountAt>
  void compute(std::span<const double> sorted, CountAt count_at, std::vector<double>& out) {
    double sum = 0;
    std::size_t cum = 0, next = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const std::size_t c = count_at(i);
      if (c == 0) continue;
      sum += static_cast<double>(c) * sorted[i];
      while (next < m_ranks.size() && m_ranks[next].rank < cum + c) {
        (m_ranks[next].upper ? m_hi : m_lo)[m_ranks[next].estimator] = sorted[i];
        ++next;
      }
      cum += c;
    }
    const double nd = static_cast<double>(m_n);
    const double mean = sum / nd;
    bool need_sd = false;
    for (std::size_t e = 0; e < m_estimators.size(); ++e) {
      const Estimator& est = m_estimators[e];
      switch (est.kind) {
        case Estimator::Kind::quantile: {
          const double h = static_cast<double>(m_n - 1) * std::clamp(est.p, 0.0, 1.0);
          out[e] = m_lo[e] + (h - std::floor(h)) * (m_hi[e] - m_lo[e]);
          break;
        }
        case Estimator::Kind::mean: out[e] = mean; break;
        case Estimator::Kind::trimmed_mean: out[e] = trimmed_mean(sorted, count_at, est.trim); break;
        case Estimator::Kind::sd: need_sd = true; break;
      }
    }
    if (!need_sd) return;
    // Two passes (mean first) rather than sum of squares: no cancellation for large offsets.
    double ss = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const double d = sorted[i] - mean;
      ss += static_cast<double>(count_at(i)) * d * d;
    }
    const double sd = m_n > 1 ? std::sqrt(ss / (nd - 1)) : 0.0;
    for (std::size_t e = 0; e < m_estimators.size(); ++e)
      if (m_estimators[e].kind == Estimator::Kind::sd) out[e] = sd;
  }

 private:
  struct RankNeed {
    std::size_t rank;
    std::size_t estimator;
    bool upper;
  };

  template <class CountAt>
  double trimmed_mean(std::span<const double> sorted, CountAt count_at, const Trim& trim) const {
    const std::size_t k = trim_per_end(trim, m_n);
    const std::size_t lo = k, hi = m_n - k;  // keep ranks [lo, hi)
    double sum = 0;
    std::size_t cum = 0;
    for (std::size_t i = 0; i < sorted.size() && cum < hi; ++i) {
      const std::size_t c = count_at(i);
      const std::size_t a = std::max(cum, lo), b = std::min(cum + c, hi);
      if (b > a) sum += static_cast<double>(b - a) * sorted[i];
      cum += c;
    }
    return sum / static_cast<double>(hi - lo);
  }

  std::span<const Estimator> m_estimators;
  std::size_t m_n;
  std::vector<RankNeed> m_ranks;
  std::vector<double> m_lo, m_hi;
};

// splitmix64: tiny, fast, and the same numbers on every platform and standard library (the
// bootstrap must be reproducible from --seed). Plenty random for resampling indices.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t operator()() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // An index in [0, n) for n < 2^32 by multiply-shift (no division; bias below n / 2^32).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(((*this)() >> 32) * n >> 32); }

 private:
  std::uint64_t m_state;
};

double quantile_in_place(std::vector<double>& v, double q) {
  const double h = static_cast<double>(v.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (h - static_cast<double>(lo)) * (b - a);
}

}  // namespace

std::vector<double> estimate_all(std::span<const double> sorted, std::span<const Estimator> estimators) {
  std::vector<double> out(estimators.size(), 0.0);
  if (sorted.empty()) return out;
  WeightedStats ws(estimators, sorted.size());
  ws.compute(sorted, [](std::size_t) { return std::size_t{1}; }, out);
  return out;
}

std::vector<std::vector<double>> bootstrap_replicates(std::span<const double> sorted,
                                                      std::span<const Estimator> estimators,
                                                      std::size_t resamples, std::uint64_t seed) {
  std::vector<std::vector<double>> reps(estimators.size(), std::vector<double>(resamples));
  const std::size_t n = sorted.size();
  if (n == 0) return reps;
  SplitMix64 rng(seed);
  std::vector<std::uint32_t> counts(n);
  std::vector<double> one(estimators.size());
  WeightedStats ws(estimators, n);
  for (std::size_t r = 0; r < resamples; ++r) {
    std::fill(counts.begin(), counts.end(), 0u);
    for (std::size_t k = 0; k < n; ++k) ++counts[rng.below(n)];
    ws.compute(sorted, [&](std::size_t i) { return std::size_t{counts[i]}; }, one);
    for (std::size_t e = 0; e < estimators.size(); ++e) reps[e][r] = one[e];
  }
  return reps;
}

Interval percentile_interval(std::vector<double>& replicates, double confidence) {
  if (replicates.empty()) return {};
  const double tail = (1.0 - confidence) / 2.0;
  return {quantile_in_place(replicates, tail), quantile_in_place(replicates, 1.0 - tail)};
}

double percentile_p_value(std::span<const double> replicates, double null_value) {
  const std::size_t b = replicates.size();
  if (b == 0) return 1;
  std::vector<double> v(replicates.begin(), replicates.end());
  std::sort(v.begin(), v.end());
  const double floor_p = std::min(1.0, 2.0 / (static_cast<double>(b) + 1.0));
  if (b == 1) return v[0] == null_value ? 1.0 : floor_p;
  const double steps = static_cast<double>(b - 1);
  // The quantile level q at which the interpolated quantile (percentile_interval's) reaches
  // null_value, from the first index whose value passes it.
  auto level = [&](auto passes) {
    const auto it = std::find_if(v.begin(), v.end(), passes);
    if (it == v.end()) return 1.0;
    const auto j = static_cast<std::size_t>(it - v.begin());
    if (j == 0) return 0.0;
    const double a = v[j - 1], c = v[j];
    const double frac = c > a ? (null_value - a) / (c - a) : 0.0;
    return (static_cast<double>(j - 1) + std::clamp(frac, 0.0, 1.0)) / steps;
  };
  const double up_to = level([&](double x) { return x > null_value; });   // sup{q : Q(q) <= null}
  const double from = level([&](double x) { return x >= null_value; });   // inf{q : Q(q) >= null}
  const double p = 2.0 * std::min(up_to, 1.0 - from);
  return std::clamp(p, floor_p, 1.0);
}

double share_at_or_below(std::span<const double> replicates, double bound) {
  const auto count = std::count_if(replicates.begin(), replicates.end(),
                                   [&](double v) { return v <= bound; });
  return (static_cast<double>(count) + 1.0) / (static_cast<double>(replicates.size()) + 1.0);
}

std::vector<BootstrapComparison> bootstrap_compare(std::span<const double> sorted_a,
                                                   std::span<const double> sorted_b,
                                                   std::span<const Estimator> estimators,
                                                   const BootstrapOptions& options) {
  std::vector<BootstrapComparison> out(estimators.size());
  if (sorted_a.empty() || sorted_b.empty()) return out;
  const std::vector<double> pa = estimate_all(sorted_a, estimators);
  const std::vector<double> pb = estimate_all(sorted_b, estimators);
  // b's seed is a hash of a's, not a's plus a constant: splitmix64 steps its state by the
  // golden-ratio constant, so seed + that constant would replay a's draws shifted by one and
  // correlate the two sides' resamples (intervals of the difference far too narrow).
  auto ra = bootstrap_replicates(sorted_a, estimators, options.resamples, options.seed);
  auto rb = bootstrap_replicates(sorted_b, estimators, options.resamples,
                                 SplitMix64(options.seed ^ 0x5851F42D4C957F2DULL)());
  for (std::size_t e = 0; e < estimators.size(); ++e) {
    BootstrapComparison& c = out[e];
    c.a = pa[e];
    c.b = pb[e];
    c.diff = c.b - c.a;
    c.has_relative = c.a != 0;
    if (c.has_relative) c.rel_pct = c.diff / c.a * 100.0;
    std::vector<double>& a = ra[e];
    std::vector<double>& b = rb[e];
    c.diff_replicates.resize(a.size());
    for (std::size_t r = 0; r < a.size(); ++r) c.diff_replicates[r] = b[r] - a[r];
    if (c.has_relative) {
      c.rel_replicates.reserve(a.size());
      // A resample whose baseline statistic is 0 has no relative change: leave it out.
      for (std::size_t r = 0; r < a.size(); ++r)
        if (a[r] != 0) c.rel_replicates.push_back((b[r] - a[r]) / a[r] * 100.0);
    }
    c.b_replicates = b;
    std::vector<double> tmp = a;
    c.a_ci = percentile_interval(tmp, options.confidence);
    tmp = b;
    c.b_ci = percentile_interval(tmp, options.confidence);
    tmp = c.diff_replicates;
    c.diff_ci = percentile_interval(tmp, options.confidence);
    if (!c.rel_replicates.empty()) {
      tmp = c.rel_replicates;
      c.rel_ci = percentile_interval(tmp, options.confidence);
    }
    const bool relative = !c.rel_replicates.empty();
    c.p_two_sided = percentile_p_value(relative ? c.rel_replicates : c.diff_replicates, 0.0);
    // The inversion is exact in real numbers; rounding must not let an interval that holds 0
    // pair with p < 1 - confidence at the boundary.
    const Interval& shown = relative ? c.rel_ci : c.diff_ci;
    if (shown.low <= 0 && shown.high >= 0) c.p_two_sided = std::max(c.p_two_sided, 1.0 - options.confidence);
  }
  return out;
}

}  // namespace latbench::stats
