#include "app/viewer_workload.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "client/viewer_run.hpp"
#include "client/ws_target.hpp"
#include "core/key_error.hpp"
#include "samples/series.hpp"
#include "samples/writer.hpp"

namespace latbench::app {
using namespace client;

namespace {

frames::PushedFields pushed_fields(const RunConfig& c) {
  auto fields = frames::parse_pushed_fields(c.ws_field);
  if (!fields) {
    std::string detail = fields.error().what();
    if (detail.starts_with("ws_field: ")) detail.erase(0, 10);  // the key goes in front again
    throw KeyError(ErrorKind::usage, "ws_field", detail);
  }
  return std::move(fields).take();
}

void judge(RunResult& r) {
  const ViewerReport& v = *r.viewer;
  if (v.frames == 0) {
    std::string ended;
    for (const auto& [name, n] : v.counters.ended) ended += fmt::format("{}{} {}", ended.empty() ? "" : ", ", n, name);
    r.failure = fmt::format("no frame arrived ({} of {} sessions upgraded{}{})", v.counters.upgraded, v.counters.sessions,
                            ended.empty() ? "" : "; ended: " + ended,
                            v.counters.undecodable ? fmt::format("; {} messages were not frames: {}", v.counters.undecodable,
                                                                 v.counters.first_undecodable)
                                                   : "");
    r.valid = false;
    r.invalid_reason = r.failure;
    return;
  }
  if (v.counters.undecodable > 0)
    r.warnings.push_back(fmt::format("{} messages were not frames of the framing (first: {})", v.counters.undecodable,
                                     v.counters.first_undecodable));
  std::uint64_t ended = 0;
  for (const auto& [name, n] : v.counters.ended) ended += n;
  if (ended > 0)
    r.warnings.push_back(fmt::format("{} of {} viewer sessions ended before the run did (first: {})", ended,
                                     v.counters.sessions, v.counters.first_end));
}

std::size_t append_body(char* data, std::size_t size, std::size_t n, void* out) {
  auto* body = static_cast<std::string*>(out);
  // /stats is small; a runaway answer is cut (returning less makes libcurl stop).
  if (body->size() + size * n > (std::size_t{8} << 20)) return 0;
  body->append(data, size * n);
  return size * n;
}

}  // namespace

std::string fetch_stream_stats(std::uint16_t port) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return {};
  std::string body;
  const std::string url = fmt::format("http://127.0.0.1:{}/stats", port);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) return {};
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("stream")) return {};
  return doc["stream"].dump();
}

bool is_loopback_url(const std::string& url) {
  auto target = parse_ws_target(url);
  if (!target) return false;
  const std::string& h = target->host;
  return h == "localhost" || h == "::1" || h.starts_with("127.");
}

void run_viewer_workload(const RunConfig& c, const std::string& dialled_url, double link_down_bits_per_s,
                         const WsOptions& ws, const RunHooks& hooks, RunResult& r) {
  ViewerPlan plan;
  plan.url = dialled_url;
  plan.viewers = c.devices;
  plan.frames_per_viewer = c.requests;
  plan.duration = c.duration;
  plan.open_timeout = c.timeout;
  plan.tls = c.tls;
  plan.clock = is_loopback_url(r.url) ? ClockRelation::same : ClockRelation::estimated;
  plan.subscribe = c.ws_message;
  plan.framing = ws.framing;
  plan.fields = pushed_fields(c);
  plan.max_message = ws.max_message;

  samples::SamplesWriter writer(r.samples_path);
  samples::SeriesBuilder series;
  ViewerTally tally(c.devices, to_ms(c.stall));
  const auto t0 = std::chrono::steady_clock::now();
  auto last_progress = t0;
  ViewerHooks viewer_hooks;
  viewer_hooks.interrupt = hooks.interrupt;
  viewer_hooks.on_frame = [&](const samples::Sample& s) {
    writer.write(s);
    series.add(s);
    tally.add(s);
    ++r.measured;
    r.bytes_down += s.bytes_down;
  };
  viewer_hooks.on_tick = [&](std::chrono::steady_clock::time_point now) {
    writer.flush_if_due(now);
    if (!hooks.on_progress || now - last_progress < std::chrono::seconds(1)) return;
    last_progress = now;
    Progress p;
    p.done = r.measured;
    p.total = c.duration ? 0 : c.requests * c.devices;
    p.elapsed_s = std::chrono::duration<double>(now - t0).count();
    p.rate_per_s = p.elapsed_s > 0 ? static_cast<double>(p.done) / p.elapsed_s : 0;
    hooks.on_progress(p);
  };
  ViewerStats stats;
  try {
    stats = run_viewers(plan, viewer_hooks);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::unreachable) throw;
    throw as_key_error(e, e.kind() == ErrorKind::input ? "cacert" : "url");
  }
  writer.flush();
  if (!writer.failure().empty()) {
    r.write_errors.push_back(writer.failure());
    r.samples_complete = false;
  }
  // A received frame is an answered, successful unit of the run.
  r.ok = r.answered = r.measured;
  r.connections_new = stats.counters.upgraded;
  if (r.measured > 0) r.bytes_down_per_request = static_cast<double>(r.bytes_down) / static_cast<double>(r.measured);
  r.driver.elapsed = stats.elapsed;
  r.driver.completed = r.measured;
  r.driver.cpu_user_s = stats.cpu_user_s;
  r.driver.cpu_system_s = stats.cpu_system_s;
  r.driver.interrupt_level = stats.interrupt_level;
  r.interrupted = stats.interrupt_level > 0;
  const double elapsed_s = to_ms(stats.elapsed) / 1000.0;
  if (elapsed_s > 0) r.achieved_rate_per_s = static_cast<double>(r.measured) / elapsed_s;
  series.for_each_series([&r](Series&& s) { r.summaries.push_back(stats::summarize(s)); });
  r.viewer = tally.finish(std::string(frames::framing_name(ws.framing.framing)), elapsed_s, stats, plan.clock,
                          link_down_bits_per_s, r.summaries);
  judge(r);
}

}  // namespace latbench::app
