#include "compare/metrics.hpp"

#include <algorithm>

namespace latbench::compare {

std::string_view metric_name(Metric m) {
  switch (m) {
    case Metric::shift: return "shift";
    case Metric::p50: return "p50";
    case Metric::p90: return "p90";
    case Metric::p95: return "p95";
    case Metric::p99: return "p99";
    case Metric::mean: return "mean";
    case Metric::trimmed_mean: return "tmean";
    case Metric::sd: return "sd";
    case Metric::error_rate: return "errors";
    case Metric::throughput: return "throughput";
  }
  return "?";
}

std::optional<Metric> parse_metric(std::string_view name) {
  for (Metric m : k_all_metrics)
    if (metric_name(m) == name) return m;
  if (name == "trimmed_mean") return Metric::trimmed_mean;
  if (name == "error_rate") return Metric::error_rate;
  if (name == "rps") return Metric::throughput;
  if (name == "median") return Metric::p50;
  return std::nullopt;
}

std::string metric_names_list() {
  std::string out;
  for (Metric m : k_all_metrics) {
    if (!out.empty()) out += ", ";
    out += metric_name(m);
  }
  return out;
}

bool is_latency_metric(Metric m) { return m != Metric::error_rate && m != Metric::throughput; }

stats::Estimator estimator_for(Metric m, const stats::Trim& trim) {
  using Kind = stats::Estimator::Kind;
  switch (m) {
    case Metric::p50: return {Kind::quantile, 0.50, {}};
    case Metric::p90: return {Kind::quantile, 0.90, {}};
    case Metric::p95: return {Kind::quantile, 0.95, {}};
    case Metric::p99: return {Kind::quantile, 0.99, {}};
    case Metric::trimmed_mean: return {Kind::trimmed_mean, 0, trim};
    case Metric::sd: return {Kind::sd, 0, {}};
    case Metric::mean:
    case Metric::shift:
    case Metric::error_rate:
    case Metric::throughput: break;
  }
  return {Kind::mean, 0, {}};
}

std::optional<double> round_metric(const Round& round, Metric m, const stats::Trim& trim) {
  if (m == Metric::error_rate) {
    if (round.requests == 0) return std::nullopt;
    return 100.0 * static_cast<double>(round.errors) / static_cast<double>(round.requests);
  }
  if (m == Metric::throughput) {
    if (round.duration_s <= 0) return std::nullopt;
    return static_cast<double>(round.requests - round.errors) / round.duration_s;
  }
  if (round.latency.empty() || m == Metric::shift) return std::nullopt;
  std::vector<double> sorted = round.latency;
  std::sort(sorted.begin(), sorted.end());
  const stats::Estimator est = estimator_for(m, trim);
  return stats::estimate_all(sorted, std::span(&est, 1))[0];
}

std::optional<double> summary_metric(const stats::Summary& summary, Metric m) {
  if (summary.all.count == 0) return std::nullopt;
  const stats::Stats& s = summary.all;
  switch (m) {
    case Metric::p50: return s.percentiles.p50;
    case Metric::p90: return s.percentiles.p90;
    case Metric::p95: return s.percentiles.p95;
    case Metric::p99: return s.percentiles.p99;
    case Metric::mean: return s.mean;
    case Metric::sd: return s.sd;
    case Metric::shift: return std::nullopt;
    case Metric::trimmed_mean:
      if (summary.trimmed && summary.trimmed->count > 0) return summary.trimmed->mean;
      return std::nullopt;
    case Metric::error_rate:
    case Metric::throughput: break;
  }
  return std::nullopt;
}

std::string metric_unit(Metric m, const std::string& series_unit) {
  if (m == Metric::error_rate) return "%";
  if (m == Metric::throughput) return "/s";
  return series_unit;
}

}  // namespace latbench::compare
