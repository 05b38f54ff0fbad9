// Hot paths of `latbench run` that run once per request (sample line, Server-Timing, the driver's
// own work per unit) or once per run (payload synthesis). Numbers depend on the machine; measure on a quiet one.
#include <benchmark/benchmark.h>

#include "client/clock.hpp"
#include "client/driver.hpp"
#include "client/transport.hpp"
#include "samples/record.hpp"
#include "client/server_timing.hpp"
#include "payload/encoding.hpp"
#include "payload/jpeg_synth.hpp"
#include "samples/json.hpp"

namespace {

using namespace latbench;

samples::Sample typical_sample() {
  samples::Sample s;
  s.seq = 123456;
  s.device = 3;
  s.intended_start_ms = 10234.5;
  s.start_ms = 10234.512;
  s.dns_ms = 0.012;
  s.connect_ms = 0.061;
  s.upload_ms = 0.342;
  s.ttfb_ms = 42.77;
  s.total_ms = 42.91;
  s.bytes_up = 49125;
  s.bytes_down = 216;
  s.status = 200;
  s.server = {{"recv", 0.1}, {"queue", 0}, {"decode", 2.1}, {"infer", 40}, {"post", 0.2}, {"total", 42.5}};
  s.network_overhead_ms = 0.41;
  return s;
}

void BM_SampleToJson(benchmark::State& state) {
  samples::Sample s = typical_sample();
  for (auto _ : state) benchmark::DoNotOptimize(samples::sample_to_json(s));
}
BENCHMARK(BM_SampleToJson);

// What the samples writer does per request: one reused line buffer.
void BM_AppendSampleJsonReusedBuffer(benchmark::State& state) {
  samples::Sample s = typical_sample();
  std::string line;
  for (auto _ : state) {
    line.clear();
    samples::append_sample_json(line, s);
    benchmark::DoNotOptimize(line.data());
  }
}
BENCHMARK(BM_AppendSampleJsonReusedBuffer);

void BM_ParseServerTiming(benchmark::State& state) {
  const char* header = "recv;dur=0.1, queue;dur=0, decode;dur=2.1, infer;dur=40, post;dur=0.2, total;dur=42.5";
  for (auto _ : state) benchmark::DoNotOptimize(client::parse_server_timing(header));
}
BENCHMARK(BM_ParseServerTiming);

void BM_SampleFromJson(benchmark::State& state) {
  samples::Sample s;
  s.total_ms = 42.9;
  s.status = 200;
  s.server = {{"infer", 40}, {"total", 42.5}};
  std::string line = samples::sample_to_json(s);
  // One parser for every line, as the file reader holds it (its buffers are kept between lines).
  samples::SampleParser parser;
  for (auto _ : state) benchmark::DoNotOptimize(parser.parse(line));
}
BENCHMARK(BM_SampleFromJson);

void BM_SynthesizeJpeg(benchmark::State& state) {
  payload::ImageSize size{static_cast<int>(state.range(0)), static_cast<int>(state.range(1))};
  std::size_t bytes = 0;
  for (auto _ : state) bytes = payload::synthesize_jpeg({size, 80, 1}).size();
  state.counters["jpeg_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SynthesizeJpeg)->Args({640, 480})->Args({1280, 720})->Unit(benchmark::kMillisecond);

void BM_Base64Body(benchmark::State& state) {
  std::vector<unsigned char> jpeg(50000, 0x5A);
  for (auto _ : state) benchmark::DoNotOptimize(payload::encode_body(jpeg, payload::Encoding::base64_json));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 50000);
}
BENCHMARK(BM_Base64Body);

// A transport that answers every unit the moment it starts: what is left is the driver's own
// cost per unit (schedule, queue, start, the virtual calls, the sample hook), without libcurl.
class InstantTransport final : public client::Transport {
 public:
  unsigned slots_per_device() const override { return 1; }
  void start(const client::Unit& unit) override { m_pending.push_back(unit); }
  void advance(client::TransportEvents& events) override {
    for (const auto& unit : m_pending) {
      client::Sample s;
      s.total_ms = 0.1;
      s.status = 200;
      events.finished(unit, s, true);
    }
    m_pending.clear();
  }
  std::optional<Nanos> next_timer() const override { return std::nullopt; }
  void wait(Nanos) override {}
  std::uint64_t abort_all() override { return 0; }
  std::string failure_detail() const override { return {}; }

 private:
  std::vector<client::Unit> m_pending;
};

void BM_DriverPerUnitClosedLoop(benchmark::State& state) {
  client::DriverPlan plan;
  plan.bodies.push_back({{1, 2, 3}, "image/jpeg", 3});
  plan.requests = 10000;
  client::SteadyClock clock;
  InstantTransport transport;
  std::uint64_t samples = 0;
  client::DriverHooks hooks;
  hooks.on_sample = [&samples](const client::Sample&) { ++samples; };
  for (auto _ : state) benchmark::DoNotOptimize(client::drive(plan, hooks, transport, clock).completed);
  state.SetItemsProcessed(static_cast<std::int64_t>(samples));
}
BENCHMARK(BM_DriverPerUnitClosedLoop)->Unit(benchmark::kMillisecond);

}  // namespace
