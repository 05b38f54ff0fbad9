#include "compare/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "stats/holm.hpp"
#include "stats/proportions.hpp"
#include "stats/rank_intervals.hpp"
#include "stats/shift_test.hpp"

namespace latbench::compare {
namespace {

std::optional<double> pooled_throughput(const Round& p) {
  if (p.duration_s <= 0) return std::nullopt;
  return static_cast<double>(p.requests - p.errors) / p.duration_s;
}

std::optional<double> relative(std::optional<double> base, std::optional<double> cand) {
  if (!base || !cand || *base == 0) return std::nullopt;
  return (*cand - *base) / *base * 100.0;
}

double median_of(const std::vector<double>& sorted) {
  const stats::Estimator median{stats::Estimator::Kind::quantile, 0.5, {}};
  return stats::estimate_all(sorted, std::span(&median, 1))[0];
}

// The Hodges-Lehmann shift of b against a with its interval and the Mann-Whitney p of "no shift"
// (one test, see stats/shift_test.hpp), shown relative to the baseline's median.
void shift_row(const std::vector<double>& a, const std::vector<double>& b, const CompareOptions& o,
               MetricComparison& row) {
  const stats::ShiftTest t = stats::shift_test(a, b, o.confidence);
  row.p_value = t.test.p_value;
  row.test = t.test.exact ? "U exact" : "U";
  row.shift = t.estimate;
  if (t.covers) row.shift_ci = stats::Interval{t.low, t.high};
  const double base_median = median_of(a);
  if (!(base_median > 0)) {
    row.note = "baseline median is not above 0: no relative shift";
    return;
  }
  row.change = t.estimate / base_median * 100.0;
  if (t.covers) row.change_ci = stats::Interval{t.low / base_median * 100.0, t.high / base_median * 100.0};
  else row.note = "too few values for an interval at this confidence";
}

void per_request(const Source& base, const Source& cand, const CompareOptions& o, Comparison& out) {
  const Round a = pooled_sorted(base), b = pooled_sorted(cand);
  out.method_note = fmt::format(
      "per-request distributions of one recording per side (n = {} vs {}); shift = Hodges-Lehmann "
      "shift, tested by Mann-Whitney U; other rows: bootstrap of that statistic ({} resamples, seed "
      "{}), p from the same resamples as its interval",
      a.latency.size(), b.latency.size(), o.resamples, o.seed);
  std::vector<stats::Estimator> estimators;
  for (Metric m : o.metrics)
    if (is_latency_metric(m) && m != Metric::shift) estimators.push_back(estimator_for(m, o.trim));
  // A bootstrap p cannot go below 2 / (B + 1); after Holm the best one is multiplied by the
  // number of tests after it. Say so when that floor hides every bootstrap row.
  std::size_t tests = 0;
  for (Metric m : o.metrics) tests += m != Metric::throughput;
  const double floor_p = 2.0 / (static_cast<double>(o.resamples) + 1.0);
  if (!estimators.empty() && tests > 1 && floor_p * static_cast<double>(tests - 1) >= o.alpha)
    out.method_note += fmt::format(
        "; with {} resamples no bootstrap p can go below {:.3g} ({:.3g} after Holm over {} tests): use more "
        "--resamples",
        o.resamples, floor_p, floor_p * static_cast<double>(tests - 1), tests);
  std::vector<stats::BootstrapComparison> boot;
  const bool enough = a.latency.size() >= 2 && b.latency.size() >= 2;
  if (enough)
    boot = stats::bootstrap_compare(a.latency, b.latency, estimators, {o.resamples, o.seed, o.confidence});
  std::size_t next_latency = 0;
  for (Metric m : o.metrics) {
    MetricComparison row;
    row.metric = m;
    row.unit = metric_unit(m, out.unit);
    if (m == Metric::shift) {
      row.base.n = a.latency.size();
      row.cand.n = b.latency.size();
      if (enough) shift_row(a.latency, b.latency, o, row);
      else row.note = "fewer than 2 values on a side";
    } else if (is_latency_metric(m)) {
      row.base.n = a.latency.size();
      row.cand.n = b.latency.size();
      if (!enough) {
        row.note = "fewer than 2 values on a side";
      } else {
        // Each statistic is tested on its own resamples: its p and its interval come from the
        // same replicates, so an interval holding 0 never pairs with p < 1 - confidence.
        const stats::BootstrapComparison& c = boot[next_latency];
        row.base = {c.a, c.a_ci, a.latency.size()};
        row.cand = {c.b, c.b_ci, b.latency.size()};
        if (c.has_relative) {
          row.change = c.rel_pct;
          row.change_ci = c.rel_ci;
        }
        row.p_value = c.p_two_sided;
        row.test = "bootstrap";
      }
      ++next_latency;
    } else if (m == Metric::error_rate) {
      const auto pc = stats::compare_proportions(a.errors, a.requests, b.errors, b.requests, o.confidence);
      row.base = {100 * pc.a, stats::Interval{100 * pc.a_ci.low, 100 * pc.a_ci.high}, a.requests};
      row.cand = {100 * pc.b, stats::Interval{100 * pc.b_ci.low, 100 * pc.b_ci.high}, b.requests};
      row.change = 100 * pc.diff;
      row.change_ci = stats::Interval{100 * pc.diff_ci.low, 100 * pc.diff_ci.high};
      row.change_in_points = true;
      // Newcombe's interval inverted, not the pooled z-test: the two can disagree about 0.
      row.p_value = stats::newcombe_p_value(a.errors, a.requests, b.errors, b.requests);
      if (row.change_ci->low <= 0 && row.change_ci->high >= 0)  // bisection's last bit at the boundary
        row.p_value = std::max(*row.p_value, 1 - o.confidence);
      row.test = "Newcombe";
    } else {  // throughput: one number per recording, nothing to test it against
      row.base = {pooled_throughput(a), std::nullopt, 1};
      row.cand = {pooled_throughput(b), std::nullopt, 1};
      row.change = relative(row.base.value, row.cand.value);
      row.note = row.base.value && row.cand.value ? "one value per side: needs rounds to test"
                                                  : "run duration unknown (no start_ms)";
    }
    out.rows.push_back(std::move(row));
  }
}

std::vector<double> round_values(const Source& s, Metric m, const stats::Trim& trim) {
  std::vector<double> v;
  for (const Round& r : s.rounds)
    if (auto x = round_metric(r, m, trim)) v.push_back(*x);
  return v;
}

void by_rounds(const Source& base, const Source& cand, const CompareOptions& o, Comparison& out) {
  out.method_note = fmt::format(
      "rounds as the sample unit ({} vs {} rounds): per-round values, U = Mann-Whitney, values are "
      "medians of rounds, change = Hodges-Lehmann shift / baseline median (its interval inverts the "
      "U test); no shift row: every row already tests rounds",
      base.rounds.size(), cand.rounds.size());
  std::size_t tested = 0;
  for (Metric m : o.metrics) tested += m != Metric::shift;
  // Few rounds cap how small an exact p-value can be: 2 / C(n1 + n2, n1) two-sided, times the
  // number of metrics after Holm. Say so when that floor is above alpha, or "~" everywhere
  // would read as "no change" when it means "cannot tell with this many rounds".
  const std::size_t n1 = base.rounds.size(), n2 = cand.rounds.size();
  if (n1 >= 1 && n2 >= 1 && n1 + n2 <= 60 && tested > 0) {
    double arrangements = 1;  // C(n1 + n2, n1)
    for (std::size_t i = 1; i <= n1; ++i) arrangements = arrangements * static_cast<double>(n2 + i) / static_cast<double>(i);
    const double floor_p = std::min(1.0, 2.0 / arrangements);
    const double floor_holm = std::min(1.0, floor_p * static_cast<double>(tested));
    if (floor_holm >= o.alpha) {
      out.method_note += fmt::format(
          "; with {} vs {} rounds no p-value can go below {:.3g} ({:.3g} after Holm over {} metrics), so nothing "
          "can be called significant at alpha {}: use more --rounds or fewer --metrics",
          n1, n2, floor_p, floor_holm, tested, o.alpha);
    }
  }
  for (Metric m : o.metrics) {
    if (m == Metric::shift) continue;
    MetricComparison row;
    row.metric = m;
    row.unit = metric_unit(m, out.unit);
    row.change_in_points = m == Metric::error_rate;
    const std::vector<double> a = round_values(base, m, o.trim), b = round_values(cand, m, o.trim);
    auto side = [&](const std::vector<double>& v) {
      SideValue s;
      s.n = v.size();
      if (v.empty()) return s;
      const auto mi = stats::median_interval(v, o.confidence);
      s.value = mi.estimate;
      if (mi.covers) s.ci = stats::Interval{mi.low, mi.high};
      return s;
    };
    row.base = side(a);
    row.cand = side(b);
    if (a.size() < o.min_rounds || b.size() < o.min_rounds) {
      row.change = row.change_in_points && row.base.value && row.cand.value
                       ? std::optional<double>(*row.cand.value - *row.base.value)
                       : relative(row.base.value, row.cand.value);
      row.note = fmt::format("needs >= {} rounds per side to claim anything (has {} and {})",
                             o.min_rounds, a.size(), b.size());
      out.rows.push_back(std::move(row));
      continue;
    }
    // One test for p and interval (stats/shift_test.hpp): they agree about 0 by construction.
    const stats::ShiftTest hl = stats::shift_test(a, b, o.confidence);
    row.p_value = hl.test.p_value;
    row.test = hl.test.exact ? "U exact" : "U";
    const double scale = row.change_in_points ? 1.0 : (*row.base.value > 0 ? 100.0 / *row.base.value : 0.0);
    if (scale != 0) {
      row.change = hl.estimate * scale;
      if (hl.covers) row.change_ci = stats::Interval{hl.low * scale, hl.high * scale};
      else row.note = "too few rounds for an interval at this confidence";
    } else {
      row.note = "baseline is not above 0: no relative change";
    }
    out.rows.push_back(std::move(row));
  }
}

void summary_only(const Source& base, const Source& cand, const CompareOptions& o, Comparison& out) {
  const Source& missing = base.has_raw() ? cand : base;
  out.method_note = fmt::format(
      "{} holds statistics only (summary JSON, no raw samples): values and change are shown, no "
      "test is possible; give samples.jsonl files for significance",
      missing.label);
  auto value = [&](const Source& s, Metric m) -> std::optional<double> {
    if (s.summary) return summary_metric(*s.summary, m);
    const Round p = pooled_sorted(s);
    if (m == Metric::throughput) return pooled_throughput(p);
    return round_metric(p, m, o.trim);
  };
  for (Metric m : o.metrics) {
    MetricComparison row;
    row.metric = m;
    row.unit = metric_unit(m, out.unit);
    row.base.value = value(base, m);
    row.cand.value = value(cand, m);
    row.base.n = base.summary ? base.summary->all.count : pooled_rounds(base).latency.size();
    row.cand.n = cand.summary ? cand.summary->all.count : pooled_rounds(cand).latency.size();
    row.change = relative(row.base.value, row.cand.value);
    row.note = m == Metric::shift                     ? "needs raw samples on both sides"
               : row.base.value && row.cand.value ? "no raw samples: no test"
                                                  : "not in the summary";
    out.rows.push_back(std::move(row));
  }
}

// Holm across the metrics that were tested, then the verdict: significant AND the whole
// interval beyond the noise threshold (relative changes) or beyond 0 (error rate, in points).
void decide(Comparison& c, const CompareOptions& o) {
  std::vector<double> p;
  for (const MetricComparison& r : c.rows)
    if (r.p_value) p.push_back(*r.p_value);
  const std::vector<double> adjusted = stats::holm_adjust(p);
  std::size_t k = 0;
  for (MetricComparison& r : c.rows) {
    if (!r.p_value) continue;
    r.p_adjusted = adjusted[k++];
    if (!r.change_ci) {
      r.verdict = Verdict::undecided;
      if (r.note.empty()) r.note = "no interval for the change";
      continue;
    }
    const double margin = r.change_in_points ? 0.0 : o.noise_pct;
    const bool significant = *r.p_adjusted < o.alpha;
    const bool up = r.change_ci->low > margin, down = r.change_ci->high < -margin;
    if (!significant || (!up && !down)) {
      r.verdict = Verdict::same;
    } else {
      r.verdict = (up != higher_is_better(r.metric)) ? Verdict::worse : Verdict::better;
    }
  }
}

}  // namespace

Comparison compare_sources(const Source& base, const Source& cand, const CompareOptions& options) {
  Comparison out;
  out.base_label = base.label;
  out.cand_label = cand.label;
  out.unit = base.unit;
  out.series = base.series == cand.series || cand.series.empty() ? base.series
                                                                  : fmt::format("{} vs {}", cand.series, base.series);
  if (!base.has_raw() || !cand.has_raw()) {
    out.method = Method::summary_only;
    summary_only(base, cand, options, out);
  } else if (base.rounds.size() > 1 || cand.rounds.size() > 1) {
    out.method = Method::rounds;
    by_rounds(base, cand, options, out);
  } else {
    out.method = Method::per_request;
    per_request(base, cand, options, out);
  }
  decide(out, options);
  return out;
}

std::string verdict_word(Metric m, Verdict v) {
  const bool timing = is_latency_metric(m) && m != Metric::sd;
  switch (v) {
    case Verdict::better: return timing || m == Metric::throughput ? "faster" : "better";
    case Verdict::worse: return timing || m == Metric::throughput ? "slower" : "worse";
    case Verdict::same: return "~";
    case Verdict::undecided: break;
  }
  return "?";
}

std::vector<std::string> distinct_labels(const std::vector<Source>& sources) {
  std::vector<std::string> labels;
  for (const Source& s : sources) labels.push_back(s.label);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    bool clash = false;
    for (std::size_t j = 0; j < labels.size(); ++j) clash = clash || (i != j && sources[i].label == sources[j].label);
    if (!clash) continue;
    const std::filesystem::path p(sources[i].path);
    labels[i] = (p.parent_path().filename() / p.filename()).string();
    if (labels[i] == sources[i].label || labels[i].empty()) labels[i] = sources[i].path;
  }
  return labels;
}

}  // namespace latbench::compare
