#include "stats/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace latbench::stats {
namespace {

struct RankSum {
  double r1 = 0;          // sum of the first sample's (mid)ranks
  double tie_term = 0;    // sum over tie groups of t^3 - t
  bool ties = false;
};

// Midranks over the pooled sample, sorting indices once: O(n log n).
RankSum rank_sum(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = x.size() + y.size();
  std::vector<std::pair<double, bool>> pooled;  // value, belongs to the first sample
  pooled.reserve(n);
  for (double v : x) pooled.emplace_back(v, true);
  for (double v : y) pooled.emplace_back(v, false);
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  RankSum out;
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i + 1;
    while (j < n && pooled[j].first == pooled[i].first) ++j;
    const double t = static_cast<double>(j - i);
    const double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k)
      if (pooled[k].second) out.r1 += midrank;
    if (j - i > 1) {
      out.ties = true;
      out.tie_term += t * t * t - t;
    }
    i = j;
  }
  return out;
}

}  // namespace

double normal_sf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

double normal_quantile(double p) {
  // Bisection on the monotone CDF: 200 steps reach double precision; only called a few times.
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  double lo = -40, hi = 40;
  for (int i = 0; i < 200; ++i) {
    double mid = (lo + hi) / 2;
    if (1.0 - normal_sf(mid) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

std::vector<double> mann_whitney_null_pmf(std::size_t n1, std::size_t n2) {
  // f(i, j) is the distribution of U for sizes i, j. The largest pooled value belongs to the first
  // sample with probability i/(i+j) and then beats all j values of the second:
  //   f(i, j)(u) = i/(i+j) f(i-1, j)(u - j) + j/(i+j) f(i, j-1)(u).
  // Probabilities (not counts) keep it in range for any size.
  const std::size_t max_u = n1 * n2;
  std::vector<std::vector<double>> prev(n2 + 1), cur(n2 + 1);
  for (std::size_t j = 0; j <= n2; ++j) prev[j] = {1.0};  // i = 0: U is always 0
  for (std::size_t i = 1; i <= n1; ++i) {
    cur[0] = {1.0};  // j = 0: U is always 0
    for (std::size_t j = 1; j <= n2; ++j) {
      std::vector<double> f(i * j + 1, 0.0);
      const double a = static_cast<double>(i) / static_cast<double>(i + j);
      const double b = 1.0 - a;
      for (std::size_t u = 0; u < prev[j].size(); ++u) f[u + j] += a * prev[j][u];
      for (std::size_t u = 0; u < cur[j - 1].size(); ++u) f[u] += b * cur[j - 1][u];
      cur[j] = std::move(f);
    }
    std::swap(prev, cur);
  }
  std::vector<double> pmf = std::move(prev[n2]);
  pmf.resize(max_u + 1, 0.0);
  return pmf;
}

UNull::UNull(std::size_t n1, std::size_t n2, double tie_term, bool exact)
    : m_n1(static_cast<double>(n1)), m_n2(static_cast<double>(n2)), m_tie_term(tie_term) {
  if (!exact || n1 == 0 || n2 == 0 || tie_term != 0) return;
  m_pmf = mann_whitney_null_pmf(n1, n2);
  m_cdf.resize(m_pmf.size());
  std::partial_sum(m_pmf.begin(), m_pmf.end(), m_cdf.begin());
}

double UNull::p_value(double u, Alternative alternative, double* z) const {
  if (z) *z = 0;
  if (m_n1 == 0 || m_n2 == 0) return 1;
  if (exact()) {
    // U is an integer without ties; sf is summed on its own (not 1 - cdf) to keep small p precise.
    const auto k = static_cast<std::size_t>(std::clamp(std::llround(u), 0LL, static_cast<long long>(m_pmf.size() - 1)));
    const double cdf = m_cdf[k];
    const double sf = std::accumulate(m_pmf.begin() + static_cast<std::ptrdiff_t>(k), m_pmf.end(), 0.0);
    double p = 1;
    switch (alternative) {
      case Alternative::greater: p = sf; break;
      case Alternative::less: p = cdf; break;
      case Alternative::two_sided: p = 2.0 * std::min(cdf, sf); break;
    }
    return std::clamp(p, 0.0, 1.0);
  }
  const double n = m_n1 + m_n2;
  const double mu = m_n1 * m_n2 / 2.0;
  const double var = m_n1 * m_n2 / 12.0 * ((n + 1.0) - m_tie_term / (n * (n - 1.0)));
  if (!(var > 0)) return 1;  // every value equal: no evidence either way
  const double sigma = std::sqrt(var);
  double p = 1, score = 0;
  switch (alternative) {
    case Alternative::greater:
      score = (u - mu - 0.5) / sigma;
      p = normal_sf(score);
      break;
    case Alternative::less:
      score = (u - mu + 0.5) / sigma;
      p = normal_sf(-score);  // not 1 - sf: keeps small p precise
      break;
    case Alternative::two_sided:
      score = (std::fabs(u - mu) - 0.5) / sigma;
      p = 2.0 * normal_sf(std::max(score, 0.0));
      if (u < mu) score = -score;
      break;
  }
  if (z) *z = score;
  return std::clamp(p, 0.0, 1.0);
}

MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y,
                           Alternative alternative, MannWhitneyMethod method) {
  MannWhitney out;
  out.n1 = x.size();
  out.n2 = y.size();
  if (x.empty() || y.empty()) return out;
  const double n1 = static_cast<double>(x.size());
  const RankSum rs = rank_sum(x, y);
  out.ties = rs.ties;
  out.u = rs.r1 - n1 * (n1 + 1) / 2.0;
  const bool small = x.size() <= k_exact_max_n && y.size() <= k_exact_max_n;
  const bool use_exact = !rs.ties && method != MannWhitneyMethod::normal &&
                         (method == MannWhitneyMethod::exact || small);
  const UNull null(x.size(), y.size(), rs.tie_term, use_exact);
  out.exact = null.exact();
  out.p_value = null.p_value(out.u, alternative, &out.z);
  return out;
}

}  // namespace latbench::stats
