// How long the exact summary takes for a run's or a log's worth of samples.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "stats/histogram.hpp"
#include "stats/summary.hpp"

namespace {

latbench::Series lognormal_series(std::size_t n) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> dist(3.7, 0.4);  // ~40 ms median, skewed like latency
  latbench::Series s{"total", "ms", {}, {}};
  s.values.reserve(n);
  for (std::size_t i = 0; i < n; ++i) s.values.push_back(dist(rng));
  return s;
}

void BM_Summarize(benchmark::State& state) {
  auto series = lognormal_series(static_cast<std::size_t>(state.range(0)));
  latbench::stats::SummaryOptions options;
  options.trim = *latbench::stats::parse_trim("1%");
  for (auto _ : state) benchmark::DoNotOptimize(latbench::stats::summarize(series, options));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Summarize)->Arg(1'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// The automatic histogram of sorted values, as summaries build it (analyze: once per series).
// Latencies logged with 0.1 ms resolution (few distinct values) and continuous ones.
void BM_HistogramSorted(benchmark::State& state) {
  auto series = lognormal_series(1'000'000);
  if (state.range(0) == 1)
    for (double& v : series.values) v = std::round(v * 10) / 10;
  std::sort(series.values.begin(), series.values.end());
  for (auto _ : state) benchmark::DoNotOptimize(latbench::stats::build_histogram(series.values, {}));
  state.SetItemsProcessed(state.iterations() * 1'000'000);
}
BENCHMARK(BM_HistogramSorted)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
