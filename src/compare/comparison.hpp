#pragma once
// One source compared with a baseline, metric by metric: each side's value with its interval,
// the change with its interval, a p-value (Holm-adjusted across the metrics tested) and a
// verdict. A change counts only when it is significant AND its whole interval lies beyond the
// noise threshold, so "slower" means "slower by more than the noise, and not by chance".
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/metrics.hpp"
#include "compare/source.hpp"
#include "stats/bootstrap_diff.hpp"

namespace latbench::compare {

struct CompareOptions {
  double alpha = 0.05;         // significance level, after Holm's correction
  double noise_pct = 2.0;      // changes whose interval reaches inside +-noise do not count
  double confidence = 0.95;    // of every interval shown
  std::size_t resamples = 1000;
  std::uint64_t seed = 1;
  stats::Trim trim{stats::Trim::Kind::share, 0.05};  // the trimmed mean drops 5% per end
  std::size_t min_rounds = 4;  // per side, to claim anything from rounds
  std::vector<Metric> metrics{std::begin(k_all_metrics), std::end(k_all_metrics)};
};

// How the two sides were compared; every table says which.
enum class Method {
  rounds,        // per-round values as the sample unit (Mann-Whitney U, Hodges-Lehmann interval)
  per_request,   // one recording per side: per-request distributions (shift: U test; each
                 // statistic: bootstrap test of its own change)
  summary_only,  // at least one side has statistics only: values and change, no test
};

enum class Verdict {
  better,       // significant, beyond the noise: faster / fewer errors / more throughput
  worse,        // significant, beyond the noise: slower / more errors / less throughput
  same,         // no significant change beyond the noise ("~")
  undecided,    // no test possible (too few rounds, summary only, value missing)
};

struct SideValue {
  std::optional<double> value;
  std::optional<stats::Interval> ci;
  std::size_t n = 0;  // values behind it: requests, or rounds
};

struct MetricComparison {
  Metric metric = Metric::p50;
  std::string unit;                     // of base/cand values
  SideValue base, cand;
  std::optional<double> change;         // % of the baseline; percentage points for errors
  // shift row: the Hodges-Lehmann shift itself (series unit); change is it / baseline median.
  std::optional<double> shift;
  std::optional<stats::Interval> shift_ci;
  std::optional<stats::Interval> change_ci;
  bool change_in_points = false;        // error rate: change in percentage points, not %
  std::optional<double> p_value;        // raw, two-sided
  std::optional<double> p_adjusted;     // Holm across this comparison's tests (one per row)
  std::string test;                     // "U", "U exact", "bootstrap", "Newcombe", "" (none)
  Verdict verdict = Verdict::undecided;
  std::string note;                     // why undecided, when it is
};

struct Comparison {
  std::string base_label, cand_label;
  std::string unit;
  std::string series;                   // the series compared (e.g. "total"), with how it was chosen
  Method method = Method::per_request;
  std::string method_note;              // one line: what the sample unit was, n per side
  std::vector<MetricComparison> rows;
};

// `base` and `cand` as loaded by load_source. Never throws for statistical reasons: what cannot
// be decided is marked undecided with a note.
Comparison compare_sources(const Source& base, const Source& cand, const CompareOptions& options);

// The verdict word a user reads: faster/slower (latency, throughput), better/worse (errors, sd),
// "~" for no change, "?" for undecided.
std::string verdict_word(Metric m, Verdict v);

// Labels of the sources made distinct (file names, or parent/file when names collide).
std::vector<std::string> distinct_labels(const std::vector<Source>& sources);

}  // namespace latbench::compare
