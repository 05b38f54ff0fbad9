#include "app/run_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/size.hpp"
#include "core/text.hpp"
#include "profile/run_option_table.hpp"
#include "report/json_export.hpp"
#include "report/sparkline.hpp"
#include "report/summary_table.hpp"
#include "server/server_modes.hpp"

namespace latbench::app {
using namespace client;  // the stages a run composes

using nlohmann::json;

// The run's options as the table of run options writes them (profile/run_option_table.hpp).
json config_json(const RunConfig& c) { return profile::summary_config_json(c); }

json run_json(const RunConfig& c, const RunResult& r) {
  json j;
  j["options"] = config_json(c);
  j["url"] = r.url;
  j["embedded_server"] = r.embedded_server;
  if (!r.link.empty()) {
    j["link"] = {{"spec", r.link}};
    if (r.link_seed) j["link"]["seed"] = *r.link_seed;
    if (!r.link_replay.empty()) j["link"]["replay"] = r.link_replay;
    if (r.link_counters)
      j["link"]["counters"] = {{"connections", r.link_counters->connections},
                               {"bytes_up", r.link_counters->bytes_up},
                               {"bytes_down", r.link_counters->bytes_down},
                               {"stalls", r.link_counters->stalls},
                               {"resets", r.link_counters->resets},
                               {"blackholes", r.link_counters->blackholes}};
  }
  j["samples"] = r.samples_path.string();
  j["requests"] = {{"measured", r.measured}, {"warmup", r.warmup}, {"ok", r.ok},
                   {"sent", r.driver.sent}, {"completed", r.driver.completed},
                   {"skipped_frames", r.driver.skipped}, {"cancelled", r.driver.cancelled},
                   {"aborted", r.driver.aborted},
                   {"timeouts_in_percentiles", r.timeouts_in_percentiles}};
  j["errors"] = json::object();
  for (const auto& [name, n] : r.errors) j["errors"][name] = n;
  j["connections"] = {{"new", r.connections_new}, {"reused", r.connections_reused}};
  j["bytes"] = {{"up", r.bytes_up}, {"down", r.bytes_down},
                {"up_per_request", r.bytes_up_per_request},
                {"down_per_request", r.bytes_down_per_request},
                {"image_mean", r.image_bytes_mean}};
  j["rate"] = {{"intended_per_s", r.intended_rate_per_s}, {"achieved_per_s", r.achieved_rate_per_s},
               {"effective_fps_per_device", r.effective_fps}, {"drop_rate", r.drop_rate}};
  j["start_lag_ms"] = {{"p50", r.start_lag_p50_ms}, {"p99", r.start_lag_p99_ms},
                       {"max", r.start_lag_max_ms}};
  j["elapsed_s"] = to_ms(r.driver.elapsed) / 1000.0;
  j["cpu"] = {{"user_s", r.driver.cpu_user_s}, {"system_s", r.driver.cpu_system_s}};
  // The event loops the run used, and with more than one what each did (--threads). A merged
  // run's shards each say their own.
  if (!r.origin.merged) j["threads"] = std::max<std::size_t>(1, r.driver.threads.size());
  if (!r.driver.threads.empty()) {
    j["per_thread"] = json::array();
    for (const auto& t : r.driver.threads)
      j["per_thread"].push_back({{"devices", t.devices}, {"sent", t.sent}, {"start_lag_p99_ms", t.start_lag_p99_ms},
                                 {"cpu", {{"user_s", t.cpu_user_s}, {"system_s", t.cpu_system_s}}}});
  }
  j["valid"] = r.valid;
  if (!r.valid) j["invalid_reason"] = r.invalid_reason;
  j["failure"] = r.failure.empty() ? json(nullptr) : json(r.failure);
  if (const auto& silent = r.driver.silent) {
    j["target_silent"] = {{"last_answer_s", silent->last_answer ? json(to_ms(*silent->last_answer) / 1000.0)
                                                                : json(nullptr)},
                          {"unanswered", silent->unanswered},
                          {"answered_after", silent->answered_after},
                          {"stopped_at_s", to_ms(silent->stopped_at) / 1000.0}};
  }
  j["warnings"] = r.warnings;
  if (!r.write_errors.empty()) {
    j["write_errors"] = r.write_errors;
    j["samples_complete"] = r.samples_complete;
  }
  j["interrupted"] = r.interrupted;
  write_origin_json(r.origin, j);
  if (r.frames) {
    j["frames"] = frames_json(*r.frames);
    // The WebSocket options are not in "options" (an HTTP run's summary stays as it was).
    j["frames"]["options"] = {{"frame_header", c.frame_header}, {"ws_message", c.ws_message},
                              {"ws_answer", c.ws_answer}, {"ws_match", c.ws_match.empty() ? "order" : c.ws_match},
                              {"ws_timing", c.ws_timing}, {"reconnect_every", c.reconnect_every}};
  }
  if (r.viewer) j["viewer"] = viewer_json(*r.viewer);
  if (r.server && r.viewer) {
    j["server"] = {{"stream", {{"viewers", r.server->stream_viewers}, {"produced", r.server->stream_produced},
                               {"sent", r.server->stream_sent}, {"dropped", r.server->stream_dropped}}}};
    // The endpoint's own /stats (per viewer depth and bytes held), when it could be read.
    if (auto stats = json::parse(r.server_stream_json, nullptr, false); !stats.is_discarded() && stats.is_object())
      j["server"]["stream"]["stats"] = std::move(stats);
  } else if (r.server) {
    j["server"] = {{"connections_accepted", r.server->connections_accepted},
                   {"requests", r.server->requests},
                   {"bytes_received", r.server->bytes_received},
                   {"dropped", r.server->dropped}};
    if (r.frames)
      j["server"]["ws"] = {{"sessions", r.server->ws_sessions}, {"frames", r.server->ws_frames},
                           {"processed", r.server->ws_processed}, {"dropped", r.server->ws_dropped},
                           {"bad_frames", r.server->ws_bad_frames}};
  }
  return j;
}

json run_summary_document(const RunConfig& c, const RunResult& r) {
  std::vector<stats::Summary> all = r.summaries;
  all.insert(all.end(), r.warmup_summaries.begin(), r.warmup_summaries.end());
  return report::summary_document(all, json{{"run", run_json(c, r)}});
}

namespace {

// "2 threads, " when the run used more than one event loop; nothing for one.
std::string threads_said(const client::DriverStats& d) {
  return d.threads.empty() ? std::string() : fmt::format("{} threads, ", d.threads.size());
}

// " (worst thread p99 1.2ms)": each loop's lag is its own; the merged p99 can hide one slow loop.
std::string worst_thread_lag(const client::DriverStats& d) {
  if (d.threads.empty()) return {};
  double worst = 0;
  for (const auto& t : d.threads) worst = std::max(worst, t.start_lag_p99_ms);
  return fmt::format(" (worst thread p99 {})", format_ms(worst));
}

}  // namespace

std::string format_run_summary(const RunConfig& c, const RunResult& r) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  line(fmt::format("latbench run{}: {} -> {}{}", c.name.empty() ? "" : " " + c.name,
                   r.viewer ? std::string("viewers") : r.frames ? std::string("frames") : format_connection(c.connection), r.url,
                   // What the embedded server simulates decides every number below: say it first.
                   !r.embedded_server ? std::string()
                   // A viewer's numbers come from the camera and its queue, not from inference.
                   : r.viewer ? fmt::format(" (embedded server: {} camera at {:g} fps, quality {}{}, queue {} {})",
                                            c.server.stream.image, c.server.stream.fps, c.server.stream.quality,
                                            c.server.stream.adaptive.empty() ? "" : " adaptive",
                                            c.server.stream.queue, server::queue_policy_name(c.server.stream.policy))
                              : fmt::format(" (embedded server: {} inference{})", c.server.processing.infer.to_string(),
                                            c.server.mode == server::Mode::async ? ", async" : "")));
  if (const auto& shard = r.origin.shard) {
    const auto& sh = shard->share;
    line(fmt::format("shard {} of workload {}: {} of {} devices (fleet index {}, {}, ...), {} of {} requests, "
                     "started {}", client::format_shard(shard->shard), r.origin.workload_hash, sh.devices, c.devices,
                     sh.first_device, sh.first_device + sh.device_stride, sh.requests, c.requests,
                     format_wall_time(r.origin.started_at)));
  }
  if (const auto& merged = r.origin.merged) {
    std::string missing;
    for (unsigned i : merged->missing) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    double spread = 0;
    for (const auto& m : merged->shards) spread = std::max(spread, m.offset_ms);
    line(fmt::format("merged: {} of {} shards of workload {}, started {} (the last {} later){}", merged->shards.size(),
                     merged->count, r.origin.workload_hash, format_wall_time(r.origin.started_at), format_ms(spread),
                     missing.empty() ? "" : "; PARTIAL: shards " + missing + " missing"));
  }
  if (!r.link.empty()) {
    std::string stalls = r.link_counters && r.link_counters->stalls
                             ? ", " + counted(r.link_counters->stalls, "stall") : "";
    line(fmt::format("link: {} (emulated{})", r.link, stalls));
  }
  // Above the table, where nobody misses it: the numbers below are not a good run's.
  if (!r.failure.empty()) {
    line("RUN FAILED: " + r.failure);
  } else {
    for (const std::string& w : r.warnings) line("WARNING: " + w);
  }
  out += report::summary_table(r.summaries);
  // The shape of total, so a bimodal or long-tailed run shows without opening a plot.
  if (!r.summaries.empty()) out += report::sparkline_lines({r.summaries.front()}, report::terminal_charset());
  std::string errors;
  for (const auto& [name, n] : r.errors) errors += fmt::format("{}{} {}", errors.empty() ? "" : ", ", n, name);
  // A viewer asks for nothing: its frames are counted in its own lines below.
  if (!r.viewer)
    line(fmt::format("requests: {} measured, {} ok, {} errors{}", r.measured, r.ok,
                     r.measured - r.ok, errors.empty() ? "" : " (" + errors + ")"));
  if (r.timeouts_in_percentiles > 0) {
    line(fmt::format("  {} timed-out requests count in total as at least the timeout ({})",
                     r.timeouts_in_percentiles, format_duration(c.timeout)));
  }
  if (!r.warmup_summaries.empty() && r.warmup_summaries.front().all.count > 0) {
    const auto& w = r.warmup_summaries.front().all;
    line(fmt::format("warm-up: {} requests kept out of the statistics (p50 {}, max {})", r.warmup,
                     format_ms(w.median), format_ms(w.max)));
  }
  if (r.viewer) {
    out += format_viewer(*r.viewer);
  } else if (r.frames) {
    out += format_frames(*r.frames);
  } else {
    line(fmt::format("connections: {} new, {} reused", r.connections_new, r.connections_reused));
    line(fmt::format("bytes on the wire per request: {} up ({} encoding, JPEG {}), {} down",
                     human_bytes(r.bytes_up_per_request), payload::encoding_name(c.encoding),
                     human_bytes(r.image_bytes_mean), human_bytes(r.bytes_down_per_request)));
  }
  if (r.server && r.viewer) {
    std::string held;
    if (auto stats = json::parse(r.server_stream_json, nullptr, false); stats.is_object() && stats.contains("per_viewer")) {
      std::uint64_t max_depth = 0, max_held = 0;
      for (const auto& v : stats["per_viewer"]) {
        max_depth = std::max(max_depth, v.value("max_depth", std::uint64_t{0}));
        max_held = std::max(max_held, v.value("max_held_bytes", std::uint64_t{0}));
      }
      held = fmt::format("; a viewer's queue held at most {} frames, {}", max_depth, human_bytes(static_cast<double>(max_held)));
    }
    line(fmt::format("server counters (/ws/stream): {} viewer{}, {} frames produced, {} sent, {} dropped (queue full){}",
                     r.server->stream_viewers, r.server->stream_viewers == 1 ? "" : "s", r.server->stream_produced, r.server->stream_sent, r.server->stream_dropped,
                     held));
  } else if (r.server && r.frames) {
    line(fmt::format("server counters: {} ws sessions, {} frames read, {} processed, {} dropped (queue full), "
                     "{} bad frames", r.server->ws_sessions, r.server->ws_frames, r.server->ws_processed,
                     r.server->ws_dropped, r.server->ws_bad_frames));
  } else if (r.server) {
    std::string shed = r.server->dropped
                           ? fmt::format(", {} shed (async queue full)", r.server->dropped) : "";
    line(fmt::format("server counters: {} connections accepted, {} requests{}",
                     r.server->connections_accepted, r.server->requests, shed));
  }
  if (r.viewer) {
    line(fmt::format("latbench itself: CPU {:.2f}s user {:.2f}s system", r.driver.cpu_user_s, r.driver.cpu_system_s));
  } else if (r.intended_rate_per_s > 0) {
    line(fmt::format("rate: intended {:.1f}/s, achieved {:.1f}/s; effective {:.1f} fps per device, "
                     "{} frames skipped ({:.1f}% dropped)",
                     r.intended_rate_per_s, r.achieved_rate_per_s, r.effective_fps, r.driver.skipped,
                     r.drop_rate * 100));
  } else {
    line(fmt::format("rate: achieved {:.1f}/s over {:.2f}s", r.achieved_rate_per_s,
                     to_ms(r.driver.elapsed) / 1000.0));
  }
  if (!r.viewer)
    line(fmt::format("latbench itself: {}start lag p50 {} p99 {} max {}{}; CPU {:.2f}s user {:.2f}s system",
                     threads_said(r.driver), format_ms(r.start_lag_p50_ms), format_ms(r.start_lag_p99_ms),
                     format_ms(r.start_lag_max_ms), worst_thread_lag(r.driver), r.driver.cpu_user_s,
                     r.driver.cpu_system_s));
  // A failed run said so above the table; here only the other reasons (latbench's own lag).
  if (!r.valid && r.invalid_reason != r.failure) line("RUN NOT VALID: " + r.invalid_reason);
  if (r.interrupted) {
    line(fmt::format("interrupted: {} scheduled requests not sent, {} in-flight aborted",
                     r.driver.cancelled, r.driver.aborted));
  }
  line(fmt::format("samples: {}{}", r.samples_path.string(),
                   r.samples_complete ? "" : " (incomplete: it could not be written to the end)"));
  if (!r.summary_path.empty() && r.summary_path != r.out_dir / "summary.json")
    line(fmt::format("summary: {} (the run folder could not take it)", r.summary_path.string()));
  return out;
}

}  // namespace latbench::app
