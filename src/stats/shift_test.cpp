#include "stats/shift_test.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "stats/summary.hpp"

namespace latbench::stats {
namespace {

// The n1 x n2 differences y_j - x_i, never built: counted in O(n1 + n2) per probe, because for
// sorted samples each row j holds its differences above a bound in a prefix of x, and that
// prefix only grows with j (floating-point subtraction is monotone, so this holds exactly).
class Differences {
 public:
  Differences(std::span<const double> x, std::span<const double> y) : m_x(x.begin(), x.end()), m_y(y.begin(), y.end()) {
    std::sort(m_x.begin(), m_x.end());
    std::sort(m_y.begin(), m_y.end());
    m_n = static_cast<double>(m_x.size()) * static_cast<double>(m_y.size());
  }

  double pairs() const { return m_n; }
  double min() const { return m_y.front() - m_x.back(); }
  double max() const { return m_y.back() - m_x.front(); }

  // #{(i, j) : y_j - x_i > d}, and with `or_equal` >= d.
  double count_above(double d, bool or_equal) const {
    double count = 0;
    std::size_t t = 0;
    for (double yj : m_y) {
      while (t < m_x.size() && (or_equal ? yj - m_x[t] >= d : yj - m_x[t] > d)) ++t;
      count += static_cast<double>(t);
    }
    return count;
  }
  double count_at_or_below(double d) const { return m_n - count_above(d, false); }

  // The k-th smallest difference, k in [1, N]: bisection on the value, then steps to the next
  // difference up until the rank is reached.
  double kth(double k) const {
    double lo = min(), hi = max();
    if (count_at_or_below(lo) >= k) return lo;
    for (int i = 0; i < 200 && std::isfinite(lo) && std::isfinite(hi); ++i) {
      const double mid = std::midpoint(lo, hi);
      if (mid <= lo || mid >= hi) break;
      (count_at_or_below(mid) >= k ? hi : lo) = mid;
    }
    // Now count(<= lo) < k: the answer is the smallest difference above lo, or one above that.
    while (true) {
      double next = INFINITY;
      std::size_t t = 0;
      for (double yj : m_y) {
        while (t < m_x.size() && yj - m_x[t] > lo) ++t;
        if (t > 0) next = std::min(next, yj - m_x[t - 1]);
      }
      if (!(next > lo) || count_at_or_below(next) >= k) return next;
      lo = next;
    }
  }

  // U of (y - d) against x: pairs above d, plus half of those at d.
  double u_at(double d) const {
    const double above = count_above(d, false);
    return above + 0.5 * (count_above(d, true) - above);
  }

  // sum(t^3 - t) over the tie groups of the pooled sample {x} + {y - d}: each sample's own ties,
  // plus, for a value of x (a copies) meeting a value of y at distance d (b copies), the growth
  // of merging the two groups: (a+b)^3 - (a+b) - (a^3 - a) - (b^3 - b) = 3ab(a+b).
  double tie_term_at(double d) const {
    const auto xs = runs(m_x), ys = runs(m_y);
    double term = own_ties(xs) + own_ties(ys);
    std::size_t k = 0;
    for (const Run& v : xs) {
      while (k < ys.size() && ys[k].value - v.value < d) ++k;
      if (k < ys.size() && ys[k].value - v.value == d) {
        term += 3 * v.count * ys[k].count * (v.count + ys[k].count);
        ++k;
      }
    }
    return term;
  }
  double own_tie_term() const { return own_ties(runs(m_x)) + own_ties(runs(m_y)); }

  std::size_t n1() const { return m_x.size(); }
  std::size_t n2() const { return m_y.size(); }

 private:
  struct Run {
    double value;
    double count;
  };
  static std::vector<Run> runs(const std::vector<double>& sorted) {
    std::vector<Run> out;
    for (double v : sorted) {
      if (!out.empty() && out.back().value == v) ++out.back().count;
      else out.push_back({v, 1});
    }
    return out;
  }
  static double own_ties(const std::vector<Run>& runs) {
    double term = 0;
    for (const Run& r : runs) term += r.count * r.count * r.count - r.count;
    return term;
  }

  std::vector<double> m_x, m_y;
  double m_n = 0;
};

bool exact_possible(std::size_t n1, std::size_t n2, double tie_term) {
  return tie_term == 0 && n1 <= k_exact_max_n && n2 <= k_exact_max_n;
}

}  // namespace

ShiftTest shift_test(std::span<const double> x, std::span<const double> y, double confidence) {
  ShiftTest out;
  if (x.empty() || y.empty()) return out;
  const Differences d(x, y);
  const double n = d.pairs();
  out.test = mann_whitney_u(y, x, Alternative::two_sided);
  const double mid = std::floor((n + 1) / 2);
  out.estimate = std::fmod(n, 2) == 1 ? d.kth(mid) : interpolate(d.kth(n / 2), d.kth(n / 2 + 1), 0.5);

  // Between two neighbouring differences no value of y - shift meets a value of x, so there the
  // test depends on U alone (and each sample's own ties): accepted shifts are those whose U lies
  // in [u_lo, u_hi], found by bisection on U (p falls monotonically away from n1 n2 / 2).
  const double level = 1 - confidence;
  const UNull null(d.n1(), d.n2(), d.own_tie_term(), exact_possible(d.n1(), d.n2(), d.own_tie_term()));
  auto accepted = [&](double u) { return null.p_value(u, Alternative::two_sided) >= level; };
  const double centre = n / 2;
  double u_hi = std::ceil(centre), u_lo = std::floor(centre);
  if (accepted(n)) {
    u_hi = n;
  } else {
    for (double bad = n; bad - u_hi > 1;) {
      const double m = std::floor((u_hi + bad) / 2);
      (accepted(m) ? u_hi : bad) = m;
    }
  }
  if (accepted(0)) {
    u_lo = 0;
  } else {
    for (double bad = 0; u_lo - bad > 1;) {
      const double m = std::ceil((u_lo + bad) / 2);
      (accepted(m) ? u_lo : bad) = m;
    }
  }
  out.covers = u_hi < n && u_lo > 0;
  if (!out.covers) {
    out.low = d.min();
    out.high = d.max();
    return out;
  }
  // The lowest accepted stretch lies above the (n - u_hi)-th difference, the highest below the
  // (n - u_lo + 1)-th: Moses' [D_(c+1), D_(N-c)] when there are no ties.
  out.low = d.kth(n - u_hi);
  out.high = d.kth(n - u_lo + 1);
  // At a shift equal to some differences (0, with values shared by both samples), the test
  // counts those pairs by midranks; its p at 0 is the one reported, so the interval is made to
  // agree with it: it holds 0 exactly when that p is >= 1 - confidence.
  const bool holds_zero = out.low <= 0 && out.high >= 0;
  if (out.test.p_value >= level && !holds_zero) {
    out.low = std::min(out.low, 0.0);
    out.high = std::max(out.high, 0.0);
  } else if (out.test.p_value < level && holds_zero) {
    if (out.estimate >= 0) {
      const double at_or_below = d.count_at_or_below(0);
      if (at_or_below < n) out.low = d.kth(at_or_below + 1);  // the smallest difference above 0
    } else {
      const double below = n - d.count_above(0, true);
      if (below >= 1) out.high = d.kth(below);  // the largest difference below 0
    }
  }
  return out;
}

MannWhitney shift_p_beyond(std::span<const double> x, std::span<const double> y, double delta, bool greater) {
  MannWhitney out;
  out.n1 = y.size();
  out.n2 = x.size();
  if (x.empty() || y.empty()) return out;
  const Differences d(x, y);
  const double ties = d.tie_term_at(delta);
  const UNull null(d.n1(), d.n2(), ties, exact_possible(d.n1(), d.n2(), ties));
  out.ties = ties > 0;
  out.exact = null.exact();
  out.u = d.u_at(delta);
  out.p_value = null.p_value(out.u, greater ? Alternative::greater : Alternative::less, &out.z);
  return out;
}

}  // namespace latbench::stats
