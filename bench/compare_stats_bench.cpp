// Cost of compare's statistics at the sizes users hit: Mann-Whitney U on 100k vs 100k requests
// and the bootstrap of several statistics at once (counts-based resampling, no sorting).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "stats/bootstrap_diff.hpp"
#include "stats/mann_whitney.hpp"

namespace st = latbench::stats;

namespace {

std::vector<double> lognormal(std::uint64_t seed, std::size_t n, double scale) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(40.0), 0.35);
  std::vector<double> v(n);
  for (double& x : v) x = dist(rng) * scale;
  return v;
}

void BM_MannWhitney100kVs100k(benchmark::State& state) {
  const auto a = lognormal(1, 100000, 1.0), b = lognormal(2, 100000, 1.02);
  for (auto _ : state) benchmark::DoNotOptimize(st::mann_whitney_u(a, b).p_value);
  state.SetItemsProcessed(state.iterations() * 200000);
}
BENCHMARK(BM_MannWhitney100kVs100k)->Unit(benchmark::kMillisecond);

void BM_MannWhitneyExact50Vs50(benchmark::State& state) {
  const auto a = lognormal(3, 50, 1.0), b = lognormal(4, 50, 1.1);
  for (auto _ : state)
    benchmark::DoNotOptimize(st::mann_whitney_u(a, b, st::Alternative::two_sided, st::MannWhitneyMethod::exact).p_value);
}
BENCHMARK(BM_MannWhitneyExact50Vs50)->Unit(benchmark::kMillisecond);

// compare's per-request job: 6 statistics, both sides, state.range(1) resamples.
void BM_BootstrapCompare(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  auto a = lognormal(5, n, 1.0), b = lognormal(6, n, 1.05);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  using Kind = st::Estimator::Kind;
  st::Estimator trimmed{Kind::trimmed_mean, 0, {st::Trim::Kind::share, 0.05}};
  const std::vector<st::Estimator> est = {{Kind::quantile, 0.5, {}}, {Kind::quantile, 0.9, {}},
                                          {Kind::quantile, 0.95, {}}, {Kind::quantile, 0.99, {}},
                                          {Kind::mean, 0, {}}, trimmed, {Kind::sd, 0, {}}};
  const auto resamples = static_cast<std::size_t>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(st::bootstrap_compare(a, b, est, {resamples, 1, 0.95}));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(2 * n * resamples));
}
BENCHMARK(BM_BootstrapCompare)->Args({1000, 1000})->Args({100000, 1000})->Unit(benchmark::kMillisecond);

}  // namespace
