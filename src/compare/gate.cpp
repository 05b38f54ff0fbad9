#include "compare/gate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compare/format.hpp"
#include "core/error.hpp"
#include "stats/holm.hpp"
#include "stats/bootstrap_diff.hpp"
#include "stats/mann_whitney.hpp"
#include "stats/proportions.hpp"
#include "stats/rank_intervals.hpp"
#include "stats/shift_test.hpp"

namespace latbench::compare {
namespace {

std::optional<double> value_of(const Source& s, Metric m, const stats::Trim& trim) {
  if (s.summary) return summary_metric(*s.summary, m);
  return round_metric(pooled_sorted(s), m, trim);
}

bool violates(const BudgetItem& item, double v) {
  switch (item.op) {
    case BudgetItem::Op::lt: return !(v < item.amount);
    case BudgetItem::Op::le: return !(v <= item.amount);
    case BudgetItem::Op::gt: return !(v > item.amount);
    case BudgetItem::Op::ge: return !(v >= item.amount);
  }
  return false;
}

// The worst value the budget allows for the candidate, from the baseline's value.
double allowed(const BudgetItem& item, double base) {
  const bool up = !higher_is_better(item.metric);
  if (item.metric == Metric::error_rate || item.kind == BudgetItem::Kind::delta)
    return up ? base + item.amount : base - item.amount;
  return up ? base * (1 + item.amount / 100) : base * (1 - item.amount / 100);
}

// The point values already break the budget / limit (whether or not significantly).
bool beyond_as_measured(const GateCheck& c) {
  if (c.item.metric == Metric::shift) return c.change && *c.change > c.item.amount;
  if (!c.cand) return false;
  if (c.item.kind == BudgetItem::Kind::limit) return violates(c.item, *c.cand);
  if (!c.base) return false;
  const double worst = allowed(c.item, *c.base);
  return higher_is_better(c.item.metric) ? *c.cand < worst : *c.cand > worst;
}

std::string change_unit(const BudgetItem& item, const std::string& unit) {
  if (item.metric == Metric::error_rate) return "pp";
  if (item.kind == BudgetItem::Kind::delta) return metric_unit(item.metric, unit);
  return "%";
}

double change_of(const BudgetItem& item, double base, double cand) {
  if (item.metric == Metric::error_rate || item.kind == BudgetItem::Kind::delta) return cand - base;
  return base != 0 ? (cand - base) / base * 100 : 0;
}

class Evaluator {
 public:
  Evaluator(const Source* base, const Source& cand, const GateOptions& o)
      : m_base(base), m_cand(cand), m_o(o) {}

  GateCheck check(const BudgetItem& item) {
    GateCheck c;
    c.item = item;
    c.unit = metric_unit(item.metric, m_cand.unit);
    c.change_unit = change_unit(item, m_cand.unit);
    if (item.metric == Metric::shift) return shift(c);
    c.cand = value_of(m_cand, item.metric, m_o.trim);
    if (m_base) c.base = value_of(*m_base, item.metric, m_o.trim);
    if (c.base && c.cand && item.needs_baseline()) c.change = change_of(item, *c.base, *c.cand);
    if (!c.cand) return undecided(c, fmt::format("{} is not available from {}", metric_name(item.metric), m_cand.label));
    if (item.kind == BudgetItem::Kind::limit) return limit(c);
    if (!c.base) return undecided(c, fmt::format("{} is not available from {}", metric_name(item.metric), m_base->label));
    if (!m_base->has_raw() || !m_cand.has_raw())
      return undecided(c, "summary JSON has no raw samples: a budget relative to the baseline needs "
                          "samples.jsonl files (or round folders) for significance");
    if (rounds_mode()) return budget_rounds(c);
    return budget_requests(c);
  }

  bool rounds_mode() const {
    return m_cand.rounds.size() > 1 || (m_base && m_base->rounds.size() > 1);
  }

 private:
  static GateCheck undecided(GateCheck& c, std::string why) {
    c.status = CheckStatus::undecided;
    c.detail = std::move(why);
    return c;
  }

  std::vector<double> per_round(const Source& s, Metric m) const {
    std::vector<double> v;
    for (const Round& r : s.rounds)
      if (auto x = round_metric(r, m, m_o.trim)) v.push_back(*x);
    return v;
  }

  GateCheck limit(GateCheck& c) {
    const BudgetItem& item = c.item;
    const bool over = violates(item, *c.cand);
    if (!m_cand.has_raw() || (item.metric == Metric::throughput && !rounds_mode())) {
      // k6 semantics: one value, checked as it is (no samples to test it against).
      c.test = "value";
      c.status = over ? CheckStatus::fail : CheckStatus::pass;
      c.detail = m_cand.has_raw() ? "one value per run: checked as measured"
                                  : "summary only: checked as measured (no samples for significance)";
      return c;
    }
    if (rounds_mode()) {
      const std::vector<double> v = per_round(m_cand, item.metric);
      if (v.size() < m_o.min_rounds)
        return undecided(c, fmt::format("needs >= {} rounds (has {})", m_o.min_rounds, v.size()));
      const auto k = static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [&](double x) { return violates(item, x); }));
      // Sign test: P(Binomial(n, 1/2) >= k), the chance of this many violating rounds if the
      // median round sat exactly on the limit.
      double p = 0, term = std::pow(0.5, static_cast<double>(v.size()));
      for (std::size_t j = 0; j <= v.size(); ++j) {
        if (j >= k) p += term;
        term = term * static_cast<double>(v.size() - j) / static_cast<double>(j + 1);
      }
      c.p_value = std::min(1.0, p);
      c.test = "sign";
      c.detail = fmt::format("{} of {} rounds beyond the limit", k, v.size());
      return c;
    }
    const Round p = pooled_sorted(m_cand);
    if (item.metric == Metric::error_rate) {
      const double n = static_cast<double>(p.requests), rate = static_cast<double>(p.errors) / n;
      const double limit = item.amount / 100, se = std::sqrt(limit * (1 - limit) / n);
      c.p_value = se > 0 ? stats::normal_sf((rate - limit) / se) : (over ? 0.0 : 1.0);
      c.test = "1-prop z";
      return c;
    }
    if (p.latency.size() < m_o.min_requests)
      return undecided(c, fmt::format("needs >= {} requests (has {})", m_o.min_requests, p.latency.size()));
    const stats::Estimator est = estimator_for(item.metric, m_o.trim);
    auto reps = stats::bootstrap_replicates(p.latency, std::span(&est, 1), m_o.resamples, m_o.seed);
    // H0: the statistic is on the allowed side. p = share of resamples still on the allowed side.
    const bool upper_limit = item.op == BudgetItem::Op::lt || item.op == BudgetItem::Op::le;
    if (!upper_limit)
      for (double& r : reps[0]) r = -r;
    c.p_value = stats::share_at_or_below(reps[0], upper_limit ? item.amount : -item.amount);
    c.test = "bootstrap";
    return c;
  }

  // H0: the candidate's values lie at most the budget above the baseline's (shifted to the
  // budget's edge, the baseline's median times the share, or the delta); one-sided Mann-Whitney
  // of the candidate against the baseline moved there. Rounds: on the rounds' medians.
  GateCheck shift(GateCheck& c) {
    const BudgetItem& item = c.item;
    if (!m_base->has_raw() || !m_cand.has_raw())
      return undecided(c, "summary JSON has no raw samples: a shift budget needs samples.jsonl files, logs "
                          "or round folders on both sides");
    std::vector<double> a, b;
    if (rounds_mode()) {
      a = per_round(*m_base, Metric::p50);
      b = per_round(m_cand, Metric::p50);
      if (a.size() < m_o.min_rounds || b.size() < m_o.min_rounds)
        return undecided(c, fmt::format("needs >= {} rounds per side to decide (has {} and {})",
                                        m_o.min_rounds, a.size(), b.size()));
    } else {
      a = pooled_sorted(*m_base).latency;
      b = pooled_sorted(m_cand).latency;
      if (a.size() < m_o.min_requests || b.size() < m_o.min_requests)
        return undecided(c, fmt::format("needs >= {} requests per side (has {} and {})", m_o.min_requests,
                                        a.size(), b.size()));
    }
    c.base = stats::median_interval(a).estimate;
    c.cand = stats::median_interval(b).estimate;
    const double shift = stats::hodges_lehmann(a, b).estimate;
    double edge = item.amount;
    if (item.kind == BudgetItem::Kind::relative) {
      if (!(*c.base > 0)) return undecided(c, "baseline median is not above 0: no relative shift");
      edge = *c.base * item.amount / 100;
      c.change = shift / *c.base * 100;
    } else {
      c.change = shift;
    }
    const auto mw = stats::shift_p_beyond(a, b, edge, true);
    c.p_value = mw.p_value;
    c.test = mw.exact ? "U exact" : "U";
    return c;
  }

  GateCheck budget_requests(GateCheck& c) {
    const BudgetItem& item = c.item;
    const Round a = pooled_sorted(*m_base), b = pooled_sorted(m_cand);
    if (item.metric == Metric::throughput)
      return undecided(c, "throughput is one value per run: a budget on it needs rounds");
    if (item.metric == Metric::error_rate) {
      c.p_value = stats::proportion_increase_p(a.errors, a.requests, b.errors, b.requests, item.amount / 100);
      c.test = "2-prop z";
      return c;
    }
    if (a.latency.size() < m_o.min_requests || b.latency.size() < m_o.min_requests)
      return undecided(c, fmt::format("needs >= {} requests per side (has {} and {})", m_o.min_requests,
                                      a.latency.size(), b.latency.size()));
    const stats::Estimator est = estimator_for(item.metric, m_o.trim);
    const auto cmp = stats::bootstrap_compare(a.latency, b.latency, std::span(&est, 1),
                                              {m_o.resamples, m_o.seed, 0.95});
    if (item.kind == BudgetItem::Kind::relative) {
      if (!cmp[0].has_relative) return undecided(c, "baseline value is 0: no relative change");
      c.p_value = stats::share_at_or_below(cmp[0].rel_replicates, item.amount);
    } else {
      c.p_value = stats::share_at_or_below(cmp[0].diff_replicates, item.amount);
    }
    c.test = "bootstrap";
    return c;
  }

  GateCheck budget_rounds(GateCheck& c) {
    const BudgetItem& item = c.item;
    std::vector<double> a = per_round(*m_base, item.metric);
    const std::vector<double> b = per_round(m_cand, item.metric);
    if (a.size() < m_o.min_rounds || b.size() < m_o.min_rounds)
      return undecided(c, fmt::format("needs >= {} rounds per side to decide (has {} and {})",
                                      m_o.min_rounds, a.size(), b.size()));
    c.base = stats::median_interval(a).estimate;
    c.cand = stats::median_interval(b).estimate;
    c.change = change_of(item, *c.base, *c.cand);
    // Move every baseline round to the worst value the budget allows, then ask whether the
    // candidate's rounds are still worse: one-sided U test of "worse than the budget".
    for (double& x : a) x = allowed(item, x);
    const bool up = !higher_is_better(item.metric);
    const auto mw = stats::mann_whitney_u(b, a, up ? stats::Alternative::greater : stats::Alternative::less);
    c.p_value = mw.p_value;
    c.test = mw.exact ? "U exact" : "U";
    return c;
  }

  const Source* m_base;
  const Source& m_cand;
  const GateOptions& m_o;
};

}  // namespace

GateResult evaluate_gate(const Source* base, const Source& cand, const std::vector<BudgetItem>& budget,
                         const GateOptions& options) {
  GateResult result;
  Evaluator ev(base, cand, options);
  for (const BudgetItem& item : budget) result.checks.push_back(ev.check(item));
  const bool any_summary = !cand.has_raw() || (base && !base->has_raw());
  result.method_note = any_summary ? "statistics only on at least one side (summary JSON)"
                       : ev.rounds_mode()
                           ? fmt::format("rounds as the sample unit ({} vs {} rounds)", base ? base->rounds.size() : 0, cand.rounds.size())
                           : "per-request distributions of one recording per side";
  if (!cand.series.empty()) result.method_note += ", series " + cand.series;
  std::vector<double> p;
  for (const GateCheck& c : result.checks)
    if (c.p_value) p.push_back(*c.p_value);
  const std::vector<double> adj = stats::holm_adjust(p);
  std::size_t k = 0;
  for (GateCheck& c : result.checks) {
    if (!c.p_value) continue;
    c.p_adjusted = adj[k++];
    const bool significant = *c.p_adjusted < options.alpha;
    c.status = significant ? CheckStatus::fail : CheckStatus::pass;
    if (!c.detail.empty()) continue;
    if (significant) {
      c.detail = "worse than allowed, significantly";
    } else if (beyond_as_measured(c)) {
      c.detail = "beyond the budget as measured, but not significantly (noise?)";
    } else {
      c.detail = "within budget";
    }
  }
  return result;
}

int gate_exit_code(const GateResult& result) {
  bool undecided = false;
  for (const GateCheck& c : result.checks) {
    if (c.status == CheckStatus::fail) return static_cast<int>(ExitCode::regression);
    undecided = undecided || c.status == CheckStatus::undecided;
  }
  return static_cast<int>(undecided ? ExitCode::undecided : ExitCode::ok);
}

std::string_view status_word(CheckStatus s) {
  switch (s) {
    case CheckStatus::pass: return "pass";
    case CheckStatus::fail: return "FAIL";
    case CheckStatus::undecided: return "undecided";
  }
  return "?";
}

}  // namespace latbench::compare
