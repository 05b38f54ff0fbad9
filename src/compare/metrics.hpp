#pragma once
// The metrics compare and gate report, their names on the command line, which direction is
// better, and how each is computed from a round's raw values or read from a summary.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compare/source.hpp"
#include "stats/bootstrap_diff.hpp"
#include "stats/summary.hpp"

namespace latbench::compare {

// `shift` is the distribution-level change: the Hodges-Lehmann shift of the candidate's values
// against the baseline's, tested by Mann-Whitney (per-request comparisons and gate budgets).
enum class Metric { shift, p50, p90, p95, p99, mean, trimmed_mean, sd, error_rate, throughput };

inline constexpr Metric k_all_metrics[] = {Metric::shift, Metric::p50,  Metric::p90,
                                           Metric::p95,   Metric::p99,  Metric::mean,
                                           Metric::trimmed_mean,        Metric::sd,
                                           Metric::error_rate,          Metric::throughput};

// "shift", "p50", "p90", "p95", "p99", "mean", "tmean", "sd", "errors", "throughput".
std::string_view metric_name(Metric m);
// Accepts the names above and the aliases trimmed_mean, error_rate, rps.
std::optional<Metric> parse_metric(std::string_view name);
// "p50, p90, ..." for error messages.
std::string metric_names_list();

// Throughput is the only metric where a larger value is better.
inline bool higher_is_better(Metric m) { return m == Metric::throughput; }
// Statistics of the latency values (as opposed to counts of requests).
bool is_latency_metric(Metric m);

// The latency estimator for a latency metric other than shift (which is no statistic of one side); `trim` sets the trimmed mean's trimming.
stats::Estimator estimator_for(Metric m, const stats::Trim& trim);

// The metric of one round: latency statistics in the series' unit, error rate in %, throughput
// in successful requests per second. nullopt when the round cannot give it (no duration known;
// shift, which needs two sides).
std::optional<double> round_metric(const Round& round, Metric m, const stats::Trim& trim);

// The metric as read from a summary; nullopt for what a summary does not hold (errors,
// throughput, shift; the trimmed mean when the summary was not trimmed).
std::optional<double> summary_metric(const stats::Summary& summary, Metric m);

// Unit shown next to a metric's values: the series unit, "%" or "/s".
std::string metric_unit(Metric m, const std::string& series_unit);

}  // namespace latbench::compare
