// Hot paths of the reference server and the link emulator, plus two loopback round trips:
// the server alone (keep-alive, no decode, 0 ms inference) and the same through a link emulator
// with no impairment, whose p50 difference is the emulator's overhead (issue 3 target < 50 us).
// Numbers measured on the shared 2-core machine are noisy: compare runs on a quiet machine.
#include <benchmark/benchmark.h>
#include <curl/curl.h>

#include <algorithm>
#include <string>
#include <vector>

#include "link/link_emulator.hpp"
#include "link/token_bucket.hpp"
#include "server/access_log.hpp"
#include "server/reference_server.hpp"
#include "server/routes.hpp"
#include "server/server_timing.hpp"
#include "server/upload_body.hpp"

using namespace latbench;
using namespace std::chrono_literals;

static void BM_RouteRequest(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(server::route_request("POST", "/api/devices/cam-17/commands"));
    benchmark::DoNotOptimize(server::route_request("POST", "/api/devices/file/image"));
  }
}
BENCHMARK(BM_RouteRequest);

static void BM_FormatServerTiming(benchmark::State& state) {
  server::StageTimes t{100us, 0us, 2100us, 40ms, 200us, 42500us};
  for (auto _ : state) benchmark::DoNotOptimize(server::format_server_timing(t));
}
BENCHMARK(BM_FormatServerTiming);

static void BM_UvicornAccessLine(benchmark::State& state) {
  server::AccessRecord r;
  r.client = "127.0.0.1:56071";
  r.method = "POST";
  r.target = "/api/devices/file/image";
  for (auto _ : state) benchmark::DoNotOptimize(server::uvicorn_access_line(r));
}
BENCHMARK(BM_UvicornAccessLine);

static void BM_ExtractMultipart40KB(benchmark::State& state) {
  std::string image(40000, 'j');
  std::string body = "--bnd\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n" +
                     image + "\r\n--bnd--\r\n";
  std::string storage;
  for (auto _ : state)
    benchmark::DoNotOptimize(server::extract_image("multipart/form-data; boundary=bnd", body, storage));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_ExtractMultipart40KB);

static void BM_ExtractJsonBase64_40KB(benchmark::State& state) {
  std::string body = "{\"image\":\"" + server::base64_encode(std::string(40000, 'j')) + "\"}";
  std::string storage;
  for (auto _ : state) benchmark::DoNotOptimize(server::extract_image("application/json", body, storage));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_ExtractJsonBase64_40KB);

static void BM_TokenBucketSend(benchmark::State& state) {
  link::TokenBucket bucket(8e6, 1500);
  link::TokenBucket::Clock::time_point t{};
  for (auto _ : state) {
    t += 1ms;
    benchmark::DoNotOptimize(bucket.send(t, 1460));
  }
}
BENCHMARK(BM_TokenBucketSend);

namespace {

server::ServerOptions bench_server() {
  server::ServerOptions o;
  o.processing.decode = server::DecodeMode::none;
  o.processing.post_cost = 0ms;
  o.processing.workers = 0;
  return o;
}

// Keep-alive uploads of `body` to `port`; reports the median and p99 per request.
void keep_alive_round_trips(benchmark::State& state, std::uint16_t port) {
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/api/devices/file/image";
  std::string body(40000, 'j');
  CURL* curl = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t s, size_t n, void*) { return s * n; });
  curl_easy_perform(curl);  // connect outside the measurement
  std::vector<double> us;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    if (curl_easy_perform(curl) != CURLE_OK) state.SkipWithError("request failed");
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  std::sort(us.begin(), us.end());
  if (!us.empty()) {
    state.counters["p50_us"] = us[us.size() / 2];
    state.counters["p99_us"] = us[us.size() * 99 / 100];
  }
}

}  // namespace

static void BM_ServerKeepAlive40KB(benchmark::State& state) {
  server::ReferenceServer srv(bench_server());
  srv.start();
  keep_alive_round_trips(state, srv.port());
}
BENCHMARK(BM_ServerKeepAlive40KB)->UseRealTime()->MinTime(2.0);

static void BM_ServerKeepAlive40KBThroughLink(benchmark::State& state) {
  server::ReferenceServer srv(bench_server());
  srv.start();
  link::LinkEmulator emu(*link::parse_link_spec("delay=0ms,handshake=off"), "127.0.0.1", srv.port());
  emu.start();
  keep_alive_round_trips(state, emu.port());
}
BENCHMARK(BM_ServerKeepAlive40KBThroughLink)->UseRealTime()->MinTime(2.0);
