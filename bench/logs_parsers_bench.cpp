// Throughput of each built-in log parser on an in-memory log (no I/O): bytes per second of
// LineReader + Format::parse into a streaming table (constant memory, so only parsing is timed).
// Numbers measured on the shared 2-core machines are noisy: compare runs, not absolutes.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <random>
#include <string>

#include "logs/format.hpp"

namespace {

using Make = std::string (*)(std::mt19937_64&, std::size_t);

std::string esp32_record(std::mt19937_64& rng, std::size_t i) {
  const unsigned s = 1 + rng() % 3, r = 1200 + rng() % 400, c = 90 + rng() % 30;
  const std::string p = fmt::format("20:{:02}:{:02}.{:03} > ", i / 60000 % 60, i / 1000 % 60, i % 1000);
  return fmt::format(
      "{0}[HTTP] Raw Commands: NONE\n{0}---- Network Message Timings ----\n{0}Payload Created At: {1} ms\n"
      "{0}Network Send Time After Payload Creation: {2} ms\n{0}Network Receive Time - After Send: {3} ms\n"
      "{0}Command End Time - After Receive: {4} ms\n{0}Total Time from Payload Creation to Command End: {5} ms\n"
      "{0}Free Heap: {6} bytes\n",
      p, 311561 + i * 1700, s, r, c, s + r + c, 185312 - rng() % 100);
}

std::string uvicorn_record(std::mt19937_64& rng, std::size_t) {
  if (rng() % 10 == 0) return fmt::format("INFO:     127.0.0.1:{} - \"GET /livereload HTTP/1.1\" 404 Not Found\n", 40000 + rng() % 20000);
  return fmt::format("INFO:     192.168.1.{}:{} - \"POST /upload HTTP/1.1\" 200 OK\n", 2 + rng() % 250, 40000 + rng() % 20000);
}

std::string ultralytics_record(std::mt19937_64& rng, std::size_t) {
  const double inf = 30 + static_cast<double>(rng() % 200) / 10;
  return fmt::format("\n0: 480x640 2 persons, {:.1f}ms\nSpeed: {:.1f}ms preprocess, {:.1f}ms inference, {:.1f}ms postprocess "
                     "per image at shape (1, 3, 480, 640)\n", inf, 1 + static_cast<double>(rng() % 20) / 10, inf,
                     0.3 + static_cast<double>(rng() % 6) / 10);
}

std::string nginx_record(std::mt19937_64& rng, std::size_t i) {
  const double rt = 1.2 + static_cast<double>(rng() % 400) / 1000;
  return fmt::format("192.168.1.{} - - [22/Nov/2026:07:10:{:02} +0000] \"POST /upload HTTP/1.1\" 200 52 \"-\" \"ESP32HTTPClient\" "
                     "rt={:.3f} uct=\"0.000\" uht=\"{:.3f}\" urt=\"{:.3f}\"\n", 2 + rng() % 250, i % 60, rt, rt - 0.012, rt - 0.011);
}

std::string apache_record(std::mt19937_64& rng, std::size_t i) {
  return fmt::format("192.168.1.{} - - [22/Nov/2026:07:20:{:02} +0000] \"POST /upload HTTP/1.1\" 200 52 \"-\" \"ESP32HTTPClient\" {}\n",
                     2 + rng() % 250, i % 60, 1200000 + rng() % 400000);
}

std::string jsonl_record(std::mt19937_64& rng, std::size_t i) {
  const double t = 30 + static_cast<double>(rng() % 20000) / 1000;
  return fmt::format("{{\"request_id\":\"r-{}\",\"total_ms\":{:.3f},\"server_ms\":{:.3f},\"status\":200}}\n", i, t, t - 0.8);
}

// A line of latbench run's own samples.jsonl, as samples/json.cpp writes it (keep-alive, 3 stages).
std::string latbench_record(std::mt19937_64& rng, std::size_t i) {
  const double t = 30 + static_cast<double>(rng() % 20000) / 1000, infer = t - 2.5;
  return fmt::format("{{\"seq\":{},\"device\":{},\"conn\":\"reused\",\"warmup\":false,\"intended_start_ms\":{},"
                     "\"start_ms\":{:.3f},\"upload_ms\":0.3,\"ttfb_ms\":{:.3f},\"total_ms\":{:.3f},\"bytes_up\":41234,"
                     "\"bytes_down\":52,\"status\":200,\"error\":null,\"server\":{{\"recv\":0.1,\"infer\":{:.3f},"
                     "\"total\":{:.3f}}},\"network_overhead_ms\":{:.3f}}}\n",
                     i, i % 4, i * 50, i * 50 + 0.1, t - 0.1, t, infer, infer + 0.2, 2.3);
}

std::string csv_record(std::mt19937_64& rng, std::size_t i) {
  const double t = 300 + static_cast<double>(rng() % 60000) / 100;
  return fmt::format("{},vga,{:.1f},{:.1f},{:.1f}\n", i, t - 50, 42.0 + static_cast<double>(rng() % 100) / 10, t);
}

std::string make_log(Make make, const char* header, std::size_t bytes) {
  std::mt19937_64 rng(1);
  std::string log = header;
  for (std::size_t i = 0; log.size() < bytes; ++i) log += make(rng, i);
  return log;
}

void parse_bench(benchmark::State& state, const char* format, Make make, const char* header) {
  const std::string log = make_log(make, header, 8u << 20);
  const auto factory = latbench::logs::find_format(format)->make;
  for (auto _ : state) {
    latbench::logs::LineReader reader(latbench::logs::bytes_from_memory(log, 1u << 20));
    latbench::logs::LogData data(latbench::logs::TableOptions{.streaming = true});
    factory({})->parse(reader, data);
    benchmark::DoNotOptimize(data.lines);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * log.size()));
}

}  // namespace

BENCHMARK_CAPTURE(parse_bench, esp32, "esp32", esp32_record, "")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_bench, uvicorn, "uvicorn", uvicorn_record, "")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_bench, ultralytics, "ultralytics", ultralytics_record, "")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_bench, nginx, "nginx", nginx_record, "")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_bench, apache, "apache", apache_record, "")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_bench, jsonl, "jsonl", jsonl_record, "")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_bench, latbench, "latbench", latbench_record, "")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_bench, csv, "csv", csv_record, "request_id,image,upload_ms,server_ms,total_ms\n")->Unit(benchmark::kMillisecond);
