#include "app/run_workload.hpp"

#include <curl/curl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/run_hlog.hpp"
#include "app/run_report.hpp"
#include "app/run_tally.hpp"
#include "app/viewer_workload.hpp"
#include "app/ws_run_options.hpp"
#include "client/driver_threads.hpp"
#include "client/http_transport.hpp"
#include "client/ws_target.hpp"
#include "client/ws_transport.hpp"
#include "core/key_error.hpp"
#include "core/write_file.hpp"
#include "payload/image_source.hpp"
#include "profile/profile.hpp"
#include "profile/workload_hash.hpp"
#include "samples/series.hpp"
#include "samples/writer.hpp"

namespace latbench::app {
using namespace client;  // the stages a run composes
namespace fs = std::filesystem;

namespace {

// The embedded server's stop, after the driver is done: in-flight work past it is cut short.
constexpr auto k_embedded_shutdown_grace = std::chrono::milliseconds(250);
constexpr auto k_max_start_wait = std::chrono::hours(24);

void validate(const RunConfig& c) {
  if (c.devices < 1 || c.devices > 10000) throw key_usage_error("devices", "expected 1..10000");
  if (c.requests == 0 && !c.duration) {
    throw key_usage_error("requests", "expected at least 1 (or give a duration)");
  }
  if (c.quality < 1 || c.quality > 100) {
    throw key_usage_error("quality", fmt::format("{} is out of range (expected 1..100)", c.quality));
  }
  if (c.timeout < std::chrono::milliseconds(1)) throw key_usage_error("timeout", "expected at least 1ms");
  // A typo in the year must not park the machine: a start at most a day ahead.
  if (c.start_at && *c.start_at - wall_now() > k_max_start_wait)
    throw key_usage_error("start_at", fmt::format("{} is more than 24h ahead (expected an instant within a day)",
                                                  format_wall_time(*c.start_at)));
  for (const auto& h : c.headers) {
    auto colon = h.find(':');
    if (colon == 0 || colon == std::string::npos || h.find_first_of("\r\n") != std::string::npos) {
      throw key_usage_error("headers", fmt::format("'{}' is not a header (expected 'Name: value')", h));
    }
  }
  const bool ws = is_ws_url(c.url);
  if (!c.url.empty() && !ws && !c.url.starts_with("http://") && !c.url.starts_with("https://")) {
    throw key_usage_error("url", fmt::format("'{}' must start with http:// or https:// (HTTP/1.1 uploads), ws:// or "
                                             "wss:// (WebSocket frames)", c.url));
  }
  check_ws_options_apply(c, ws);
  if (c.direction == Direction::down && c.threads > 1)
    throw key_usage_error("threads", "applies to direction up (the viewers of a down run share one event loop)");
  if (ws && c.encoding != payload::Encoding::raw)
    throw key_usage_error("encoding", "applies to http:// and https:// targets only (a ws:// target's frames are "
                                      "shaped by framing)");
  const bool https = c.url.starts_with("https://") || c.url.starts_with("wss://");
  if (!https && (c.tls.peer == PeerCheck::skip || !c.tls.ca_file.empty())) {
    throw key_usage_error(c.tls.ca_file.empty() ? "insecure" : "cacert",
                          fmt::format("applies to https:// and wss:// targets only (the target is {})",
                                      c.url.empty() ? "the embedded server, plain http" : c.url));
  }
  if (!c.tls.ca_file.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(c.tls.ca_file, ec)) {
      throw KeyError(ErrorKind::input, "cacert",
                     fmt::format("'{}' is not a file (expected the PEM certificate of the server or of its CA)",
                                 c.tls.ca_file.string()));
    }
  }
}

struct HttpTarget {
  std::string scheme = "http";
  std::string host;
  std::uint16_t port = 80;
  std::string path = "/";
};

// "http[s]://host[:port][/path]" or ws[s]:// (validate() already checked the scheme). IPv6
// literals in [].
HttpTarget split_http_url(const std::string& url) {
  HttpTarget t;
  t.scheme = url.substr(0, url.find("://"));
  if (t.scheme == "https" || t.scheme == "wss") t.port = 443;
  std::string rest = url.substr(t.scheme.size() + 3);
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) t.path = rest.substr(slash);
  auto colon = authority.rfind(':');
  bool bracketed = !authority.empty() && authority.front() == '[';
  auto close = authority.find(']');
  if (colon != std::string::npos && (!bracketed || colon > close)) {
    unsigned long port = 0;
    try {
      port = std::stoul(authority.substr(colon + 1));
    } catch (const std::exception&) {
      port = 0;
    }
    if (port == 0 || port > 65535)
      throw key_usage_error("url", fmt::format("port '{}' in '{}' is out of range (expected 1..65535)",
                                               authority.substr(colon + 1), url));
    t.port = static_cast<std::uint16_t>(port);
    authority = authority.substr(0, colon);
  }
  if (bracketed && authority.size() >= 2) authority = authority.substr(1, authority.size() - 2);
  t.host = authority;
  return t;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string utc_stamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:%Y%m%d-%H%M%S}", tm);
}

// Live p50/p95 over the last answers, for the progress line only (the summary is exact).
class RecentWindow {
 public:
  void add(double v) {
    if (m_values.size() == 1000) m_values.pop_front();
    m_values.push_back(v);
  }
  std::pair<double, double> p50_p95() const {
    if (m_values.empty()) return {0, 0};
    std::vector<double> sorted(m_values.begin(), m_values.end());
    std::sort(sorted.begin(), sorted.end());
    return {stats::percentile_sorted(sorted, 0.5), stats::percentile_sorted(sorted, 0.95)};
  }

 private:
  std::deque<double> m_values;
};

// Frames over WebSocket go as raw JPEGs: the framing (frames/framing.hpp) does its own base64.
DriverPlan make_plan(const RunConfig& c, const std::string& url,
                     const std::vector<payload::Frame>& frames) {
  DriverPlan plan;
  plan.url = url;
  const auto encoding = is_ws_url(url) ? payload::Encoding::raw : c.encoding;
  for (const auto& f : frames) plan.bodies.push_back(payload::encode_body(f.jpeg, encoding, f.name));
  static_cast<Workload&>(plan) = c;
  return plan;
}

// What this process runs: the whole workload, or its shard's share of devices, requests and
// warm-up (client/shard.hpp); everything else (rate per device, duration, ...) as given.
RunConfig own_share(const RunConfig& c, RunOrigin& origin) {
  RunConfig own = c;
  if (!c.shard) return own;
  auto share = shard_share(*c.shard, c.devices, c.requests, c.warmup);
  if (!share) throw as_key_error(share.error(), "shard");
  own.devices = share->devices;
  own.first_device = share->first_device;
  own.device_stride = share->device_stride;
  own.requests = share->requests;
  own.warmup = share->warmup;
  origin.shard = ShardRecord{*c.shard, *share};
  return own;
}

// Until `at`, in steps of at most 100 ms so a Ctrl-C ends the wait (the driver then sees it and
// sends nothing). The last step sleeps to the instant itself.
void wait_for_start(std::optional<WallTime> at, const std::atomic<int>* interrupt) {
  if (!at) return;
  for (;;) {
    if (interrupt && interrupt->load() > 0) return;
    const auto left = *at - wall_now();
    if (left <= std::chrono::nanoseconds(0)) return;
    std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(left, std::chrono::milliseconds(100)));
  }
}

// How late the schedule's zero came after the instant asked for; a miss beyond the tolerance
// marks the run (its samples are not on the common timeline the other shards kept).
void judge_start(RunResult& r) {
  RunOrigin& o = r.origin;
  o.started_at = r.driver.wall_start;
  if (!o.start_at) return;
  o.start_lag_ms = static_cast<double>(epoch_ns(o.started_at) - epoch_ns(*o.start_at)) / 1e6;
  if (o.start_lag_ms <= k_start_tolerance_ms) return;
  o.started_late = true;
  r.warnings.push_back(fmt::format("started {} after the start asked for ({}): its requests are that much later "
                                   "than the other shards'", format_ms(o.start_lag_ms), format_wall_time(*o.start_at)));
}

}  // namespace

void judge_honesty(const RunConfig& c, RunResult& r) {
  auto lag = r.driver.start_lag_ms.values();
  if (!lag.empty()) {
    std::sort(lag.begin(), lag.end());
    r.start_lag_p50_ms = stats::percentile_sorted(lag, 0.5);
    r.start_lag_p99_ms = stats::percentile_sorted(lag, 0.99);
    r.start_lag_max_ms = lag.back();
  }
  double elapsed_s = to_ms(r.driver.elapsed) / 1000.0;
  if (elapsed_s > 0) r.achieved_rate_per_s = static_cast<double>(r.driver.completed) / elapsed_s;
  if (c.schedule.rate_per_s) {
    r.intended_rate_per_s = *c.schedule.rate_per_s * c.devices;
    double frames = static_cast<double>(r.driver.sent + r.driver.skipped);
    if (frames > 0) r.drop_rate = static_cast<double>(r.driver.skipped) / frames;
    if (elapsed_s > 0) r.effective_fps = static_cast<double>(r.driver.sent) / elapsed_s / c.devices;
  }
  if (r.start_lag_p99_ms > to_ms(c.max_start_lag)) {
    r.valid = false;
    r.invalid_reason = fmt::format(
        "latbench started requests {} late at p99 (limit {}): the client, not the target, was "
        "the bottleneck", format_ms(r.start_lag_p99_ms), format_duration(c.max_start_lag));
  }
}

namespace {

// "3 refused, 1 timeout": the error classes of the measured requests, for messages.
std::string error_list(const RunResult& r) {
  std::string out;
  for (const auto& [name, n] : r.errors) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, name);
  return out;
}

void add_invalid(RunResult& r, const std::string& reason) {
  r.valid = false;
  r.invalid_reason += (r.invalid_reason.empty() ? "" : "; ") + reason;
}

}  // namespace

// A failed run must not look like a good one (DESIGN.md): exit 3 when nothing answered, nothing
// succeeded or the target went silent; a warning when more than 10% of the requests failed.
void judge_outcome(const RunConfig& c, RunResult& r) {
  const std::uint64_t failed = r.measured - r.ok;
  if (const auto& silent = r.driver.silent) {
    const std::string since = silent->last_answer
                                  ? fmt::format("since {} into the run", format_duration(*silent->last_answer))
                                  : std::string("from the start");
    std::string not_sent;
    if (c.requests > 0 && c.warmup + c.requests > r.driver.sent)
      not_sent = fmt::format(", {} of the {} requests not sent", c.warmup + c.requests - r.driver.sent,
                             c.warmup + c.requests);
    r.failure = fmt::format(
        "the target stopped answering: no answer {} ({} requests ended without one); the run "
        "stopped at {}{}", since, silent->unanswered, format_duration(silent->stopped_at), not_sent);
    if (silent->answered_after > 0)
      r.failure += fmt::format(" (then {} in-flight requests were answered)", silent->answered_after);
  } else if (r.measured > 0 && r.answered == 0) {
    r.failure = fmt::format("no request got an answer ({} of {}: {})", failed, r.measured, error_list(r));
  } else if (r.measured > 0 && r.ok == 0) {
    const bool client_errors = r.errors.count("http_4xx") > 0;
    r.failure = fmt::format("no request succeeded: every answer was an error ({}){}", error_list(r),
                            client_errors ? "; check the URL's path and method (a 4xx is the server refusing "
                                            "the request)" : "");
  }
  if (!r.failure.empty()) add_invalid(r, r.failure);
  if (r.measured > 0 && static_cast<double>(failed) > k_warn_error_share * static_cast<double>(r.measured)) {
    r.warnings.push_back(fmt::format("{:.1f}% of the measured requests failed ({} of {}: {})",
                                     100.0 * static_cast<double>(failed) / static_cast<double>(r.measured),
                                     failed, r.measured, error_list(r)));
  }
}

namespace {

// summary.json in the run folder or, when that cannot be written (disk full), in the temp folder,
// so the run's numbers survive; each failure is a write error naming the path.
void write_summary(const RunConfig& c, RunResult& r) {
  r.summary_path = r.out_dir / "summary.json";
  auto written = write_whole_file(r.summary_path, run_summary_document(c, r).dump(2) + "\n");
  if (written) return;
  r.write_errors.push_back(written.error().what());
  std::error_code ec;
  fs::path fallback = fs::temp_directory_path(ec) /
                      fmt::format("latbench-{}-{}-summary.json", utc_stamp(), ::getpid());
  // The document says where it is: its samples path and the fallback's reason stay true.
  r.summary_path = fallback;
  auto again = ec ? Result<std::size_t>(input_error(fmt::format("no temp folder: {}", ec.message())))
                  : write_whole_file(fallback, run_summary_document(c, r).dump(2) + "\n");
  if (!again) {
    r.write_errors.push_back(again.error().what());
    r.summary_path.clear();
  }
}

}  // namespace

fs::path make_run_dir(const RunConfig& c) {
  fs::path dir = c.out_dir;
  if (dir.empty()) {
    std::string name = utc_stamp();
    if (!c.name.empty()) name += "-" + c.name;
    dir = c.runs_root / name;
    // Two runs in the same second (scripts, compare) get distinct folders.
    for (int i = 2; fs::exists(dir); ++i) dir = c.runs_root / fmt::format("{}.{}", name, i);
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw key_usage_error("out", fmt::format("cannot create folder '{}': {}", dir.string(), ec.message()));
  }
  return dir;
}

RunResult run_workload(const RunConfig& config, const RunHooks& hooks) {
  validate(config);
  RunOrigin origin;
  origin.workload_hash = profile::workload_hash(config);
  origin.start_at = config.start_at;
  // The share this process drives and judges; `config` (the whole workload and its shard) is
  // what the folder records.
  const RunConfig own = own_share(config, origin);
  const bool ws = is_ws_url(config.url);
  // `--url ws://` alone: the embedded server's /ws/frames endpoint, or with direction down its
  // /ws/stream.
  const bool embedded_ws = ws && is_embedded_target(config.url);
  // libcurl takes port 99999 as "no port" and fails every request as "other": refuse it here.
  if (!config.url.empty() && !embedded_ws) (void)split_http_url(config.url);
  // Built before anything is written: a bad framing or answer rule is a usage error (exit 2).
  std::optional<WsOptions> ws_options;
  if (ws) ws_options = make_ws_options(config);
  init_curl_once();
  const bool down = config.direction == Direction::down;
  std::vector<payload::Frame> frames;  // a viewer sends none
  try {
    if (!down) frames = payload::load_frames(config.image, config.quality, "image");
  } catch (const Error& e) {
    throw as_key_error(e, "image");
  }
  RunResult r;
  r.origin = std::move(origin);
  r.out_dir = make_run_dir(config);
  r.samples_path = r.out_dir / "samples.jsonl";
  // The link is resolved before anything is written, its seed drawn if none was given, so the
  // folder's profile.yaml replays this run's link draws exactly.
  std::optional<link::LinkSpec> link_spec;
  RunConfig recorded = config;
  if (!config.link.empty()) {
    auto resolved = link::resolve_link(config.link, link::default_link_presets_path(), "link");
    if (!resolved) throw as_key_error(resolved.error(), "link");
    link_spec = std::move(resolved).take();
    if (!link_spec->seed) link_spec->seed = link::fresh_link_seed();
    recorded.link = link::with_seed(config.link, *link_spec->seed);
    r.link_seed = link_spec->seed;
    r.link_replay = recorded.link;
  }
  // auto resolved here and recorded as the value used, so the folder's profile replays it.
  recorded.send_buffer = resolve_send_buffer(config.send_buffer, link_spec && link_spec->up_bits_per_s > 0);
  // A full disk does not stop the run: its summary is built in memory and still printed.
  if (auto written = write_whole_file(r.out_dir / "profile.yaml",
                                      profile::resolved_profile_yaml(recorded, config.name.empty() ? "run" : config.name));
      !written) {
    r.write_errors.push_back(written.error().what());
  }

  std::unique_ptr<server::ReferenceServer> embedded;
  r.url = config.url;
  if (r.url.empty() || embedded_ws) {
    server::ServerOptions server_options = config.server;
    // The embedded /ws/frames reads frames as the client frames them; /ws/stream pushes them as
    // the viewers read them, binary behind the users' 16-byte header unless one is given.
    if (ws_options && config.direction == Direction::down) {
      if (ws_options->framing.framing == frames::Framing::binary && !ws_options->framing.header)
        ws_options->framing = frames::make_framing_spec(frames::Framing::binary, server::k_default_stream_header, "").take();
      server_options.stream.framing = ws_options->framing;
    } else if (ws_options) {
      server_options.ws.framing = ws_options->framing;
    }
    // When the driver is done no client waits for the server any more: its stop must not wait
    // out a simulated inference longer than the run's timeout (--infer 20s --timeout 1s).
    server_options.shutdown_grace = k_embedded_shutdown_grace;
    embedded = std::make_unique<server::ReferenceServer>(server_options);
    embedded->start();
    r.url = ws_options ? fmt::format("ws://127.0.0.1:{}/ws/{}", embedded->port(),
                                     config.direction == Direction::down ? "stream" : "frames")
                       : fmt::format("http://127.0.0.1:{}/api/devices/file/image", embedded->port());
    r.embedded_server = true;
  }
  // The link emulator goes between latbench and whichever server was chosen; the samples keep
  // the real target's URL, the driver talks to the emulator.
  std::unique_ptr<link::LinkEmulator> emulator;
  std::string driven_url = r.url;
  if (link_spec) {
    auto target = split_http_url(r.url);
    emulator = std::make_unique<link::LinkEmulator>(*link_spec, target.host, target.port);
    emulator->start();
    // The emulator relays bytes, so TLS goes through it end to end. The certificate must then
    // name 127.0.0.1 (the host the client dials), as for a target on 127.0.0.1 itself.
    driven_url = fmt::format("{}://127.0.0.1:{}{}", target.scheme, emulator->port(), target.path);
    r.link = fmt::format("{}: {}", link_spec->name, link::to_string(*link_spec));
  }
  auto stop_stages = [&] {
    if (emulator) {
      emulator->stop();
      r.link_counters = emulator->counters();
    }
    if (embedded) {
      embedded->stop();
      r.server = embedded->counters();
    }
  };
  if (down) {
    wait_for_start(config.start_at, hooks.interrupt);
    // The viewers' zero is now: arrival times in their samples count from it.
    const WallTime viewers_start = wall_now();
    run_viewer_workload(own, driven_url, link_spec ? link_spec->down_bits_per_s : 0, *ws_options, hooks, r);
    // What the embedded /ws/stream did per viewer (queue depth, bytes held, drops): its /stats.
    if (embedded) r.server_stream_json = fetch_stream_stats(embedded->port());
    r.driver.wall_start = viewers_start;
    judge_start(r);
    stop_stages();
    write_summary(config, r);
    return r;
  }
  DriverPlan plan = make_plan(own, driven_url, frames);
  plan.send_buffer = static_cast<int>(*recorded.send_buffer);
  double image_bytes = 0;
  for (const auto& b : plan.bodies) image_bytes += static_cast<double>(b.image_bytes);
  r.image_bytes_mean = image_bytes / static_cast<double>(plan.bodies.size());

  samples::SamplesWriter writer(r.samples_path);
  RunTally tally;
  FramesTally frames_tally;
  RecentWindow window;
  auto t0 = std::chrono::steady_clock::now();
  auto last_progress = t0;
  RunHlog hlog(config);  // the file now (a bad path fails before any wait); its header at the start
  std::uint64_t errors_live = 0;

  DriverHooks driver_hooks;
  driver_hooks.interrupt = hooks.interrupt;
  driver_hooks.on_sample = [&](const Sample& s) {
    writer.write(s);
    hlog.add(s, std::chrono::steady_clock::now());
    tally.add(s, r);
    if (s.warmup) return;
    if (ws) frames_tally.add(s);
    if (s.error != ErrorClass::none) ++errors_live;
    if (s.status > 0) window.add(s.total_ms);
  };
  driver_hooks.on_tick = [&](std::chrono::steady_clock::time_point now) {
    writer.flush_if_due(now);
    hlog.tick(now);
    if (!hooks.on_progress || now - last_progress < std::chrono::seconds(1)) return;
    last_progress = now;
    Progress p;
    p.done = r.measured + r.warmup;
    p.total = own.requests + own.warmup;
    if (own.duration && own.requests == 0) p.total = 0;
    p.elapsed_s = std::chrono::duration<double>(now - t0).count();
    p.rate_per_s = p.elapsed_s > 0 ? static_cast<double>(p.done) / p.elapsed_s : 0;
    std::tie(p.p50_ms, p.p95_ms) = window.p50_p95();
    p.errors = errors_live;
    hooks.on_progress(p);
  };

  // One transport per event loop, made before the wait: the schedule starts at the instant, not
  // after libcurl's or the sessions' setup.
  auto loops = resolve_threads(config.threads, own.devices, own.requests, own.warmup);
  if (!loops) throw as_key_error(loops.error(), "threads");
  const std::vector<DriverPlan> plans = split_plan(plan, *loops);
  std::vector<std::unique_ptr<Transport>> transports;
  std::vector<WsTransport*> ws_transports;
  for (const auto& part : plans) {
    if (ws_options) {
      try {
        auto transport = make_ws_transport(part, *ws_options);
        ws_transports.push_back(transport.get());
        transports.push_back(std::move(transport));
      } catch (const Error& e) {
        throw as_key_error(e, e.kind() == ErrorKind::input ? "cacert" : "url");
      }
    } else {
      transports.push_back(make_http_transport(part));
    }
  }
  std::vector<Transport*> loop_transports;
  for (auto& t : transports) loop_transports.push_back(t.get());
  wait_for_start(config.start_at, hooks.interrupt);
  hlog.begin(std::chrono::steady_clock::now(), std::chrono::system_clock::now());
  r.driver = drive_threads(plans, loop_transports, driver_hooks);
  WsCounters ws_counters;
  for (const auto* t : ws_transports) ws_counters += t->counters();
  judge_start(r);
  writer.flush();
  if (!writer.failure().empty()) {
    r.write_errors.push_back(writer.failure());
    r.samples_complete = false;
  }
  if (auto failed = hlog.finish(std::chrono::steady_clock::now()); !failed.empty()) r.write_errors.push_back(failed);
  stop_stages();
  r.interrupted = r.driver.interrupt_level > 0;
  judge_honesty(own, r);
  judge_outcome(own, r);
  tally.summarize(r);
  if (ws_options)
    r.frames = frames_tally.finish(std::string(frames::framing_name(ws_options->framing.framing)), r.driver.skipped,
                                   to_ms(r.driver.elapsed) / 1000.0, r.intended_rate_per_s, r.image_bytes_mean,
                                   ws_counters, r.summaries);
  write_summary(config, r);
  return r;
}

}  // namespace latbench::app
