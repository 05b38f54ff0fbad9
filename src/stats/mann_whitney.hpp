#pragma once
// Mann-Whitney U test (Wilcoxon rank-sum): does one sample tend to take larger values than the
// other? Distribution-free, so it suits skewed latency data and small numbers of rounds.
#include <cstddef>
#include <span>
#include <vector>

namespace latbench::stats {

// `greater`: the first sample tends to be larger than the second (e.g. candidate slower).
enum class Alternative { two_sided, greater, less };

enum class MannWhitneyMethod {
  automatic,  // exact when there are no ties and both samples have <= k_exact_max_n values
  exact,      // exact null distribution; falls back to normal when ties make it invalid
  normal,     // normal approximation with tie correction and continuity correction
};

// The exact distribution is computed for samples up to this size (2,500 pairs: instant).
inline constexpr std::size_t k_exact_max_n = 50;

struct MannWhitney {
  std::size_t n1 = 0, n2 = 0;
  double u = 0;        // U of the first sample: #(x_i > y_j) + 0.5 #(x_i == y_j)
  double p_value = 1;  // for the alternative asked; 1 when either sample is empty
  double z = 0;        // the normal approximation's z-score (0 when exact)
  bool exact = false;  // p from the exact null distribution
  bool ties = false;   // any value shared between or within the samples
};

// Never throws; non-finite values must not be passed. With the normal approximation the
// variance is tie-corrected: n1 n2 / 12 * ((n+1) - sum(t^3 - t) / (n (n-1))); when it is 0
// (all values equal) p is 1.
MannWhitney mann_whitney_u(std::span<const double> x, std::span<const double> y,
                           Alternative alternative = Alternative::two_sided,
                           MannWhitneyMethod method = MannWhitneyMethod::automatic);

// The null distribution of U for sizes n1, n2 whose pooled sample has tie term sum(t^3 - t):
// exact (no ties only; the pmf is computed once) or normal with tie and continuity correction.
// mann_whitney_u uses it, and so does the shift interval, which inverts the same test.
class UNull {
 public:
  UNull(std::size_t n1, std::size_t n2, double tie_term, bool exact);
  // p of the alternative asked for an observed U, clamped to [0, 1]; `z` receives the normal
  // z-score (0 when exact). 1 when either size is 0 or the variance is 0 (all values equal).
  double p_value(double u, Alternative alternative, double* z = nullptr) const;
  bool exact() const { return !m_cdf.empty(); }

 private:
  double m_n1, m_n2, m_tie_term;
  std::vector<double> m_cdf;  // exact: P(U <= u), u = 0..n1*n2
  std::vector<double> m_pmf;
};

// Exact null distribution of U for sample sizes n1, n2 without ties: element u (0..n1*n2) is
// P(U = u). Cost O((n1 n2)^2); meant for n1, n2 <= k_exact_max_n.
std::vector<double> mann_whitney_null_pmf(std::size_t n1, std::size_t n2);

// P(Z > z) for a standard normal Z, and its inverse (for z-quantiles of confidence levels).
double normal_sf(double z);
double normal_quantile(double p);

}  // namespace latbench::stats
