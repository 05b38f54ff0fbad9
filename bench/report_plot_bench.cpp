// The plot engine's hot path: turning a long run into gnuplot's text. A 1M-request run must
// format its data blocks and compute the rolling median in well under a second.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "report/plot_data.hpp"
#include "report/plot_kinds.hpp"
#include "report/plot_script.hpp"

namespace {

std::vector<double> latencies(std::size_t n) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> d(3.7, 0.3);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

// Two columns (index, latency) of n rows into one `$data << EOD` block.
void BM_DataBlock(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> y = latencies(n);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i);
  for (auto _ : state) {
    latbench::report::GnuplotScript s(latbench::report::PlotOptions{});
    s.data_block("data", {x, y});
    benchmark::DoNotOptimize(s.text().data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_DataBlock)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_RollingMedian(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> y = latencies(n);
  const std::size_t window = latbench::report::default_rolling_window(n);
  for (auto _ : state) benchmark::DoNotOptimize(latbench::report::rolling_median(y, window).data());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_RollingMedian)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// The whole timeline script of a 1M-request run: median, min/max thinning, data blocks.
void BM_TimelineScript(benchmark::State& state) {
  latbench::report::PlotSeries s;
  s.name = "total";
  s.unit = "ms";
  s.values = latencies(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(latbench::report::timeline_script(s, latbench::report::PlotOptions{}).text.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_TimelineScript)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
