#include "app/viewer_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/duration.hpp"
#include "core/size.hpp"

namespace latbench::app {
using nlohmann::json;

namespace {

// A run of a day at most is tallied per second; later frames count in the last second's bucket.
constexpr std::size_t k_max_seconds = 86'400;
constexpr double k_rfc3550_gain = 1.0 / 16.0;

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

std::optional<stats::Stats> series(const std::vector<stats::Summary>& summaries, std::string_view name) {
  for (const auto& s : summaries)
    if (s.name == name && s.all.count > 0) return s.all;
  return std::nullopt;
}

json stats_json(const std::optional<stats::Stats>& s) {
  if (!s) return nullptr;
  return {{"count", s->count}, {"mean", s->mean}, {"p50", s->percentiles.p50}, {"p95", s->percentiles.p95},
          {"p99", s->percentiles.p99}, {"max", s->max}};
}

json stalls_json(const StallTally& s) {
  return {{"count", s.count}, {"longest_ms", s.longest_ms}, {"total_ms", s.total_ms}};
}

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

ViewerTally::ViewerTally(unsigned viewers, double stall_threshold_ms) : m_stall_ms(stall_threshold_ms), m_viewers(viewers) {}

void ViewerTally::add(const samples::Sample& s) {
  if (!s.ws || !s.ws->down) return;
  if (s.device >= m_viewers.size()) m_viewers.resize(s.device + 1);
  State& v = m_viewers[s.device];
  const samples::WsDownFields& d = *s.ws->down;
  if (s.ws->session != v.session) {  // a new session numbers its frames afresh
    v.session = s.ws->session;
    v.line.missing += v.ids.missing();
    v.line.duplicates += v.ids.duplicates();
    v.line.reordered += v.ids.reordered();
    v.ids = client::FrameIdTrack();
    v.last_arrival_ms.reset();
    v.last_age_ms.reset();
  }
  ++v.line.frames;
  v.line.bytes += s.bytes_down;
  v.ids.add(s.ws->frame_id);
  // The gap from the arrivals themselves: the same number as the line's gap_ms.
  if (v.last_arrival_ms && d.arrival_ms - *v.last_arrival_ms > m_stall_ms) v.line.stalls.add(d.arrival_ms - *v.last_arrival_ms);
  v.last_arrival_ms = d.arrival_ms;
  if (d.frame_age_ms) {
    // RFC 3550 6.4.1: D is the change in transit time, arrival - timestamp, which is the age.
    if (v.last_age_ms) {
      v.jitter += (std::fabs(*d.frame_age_ms - *v.last_age_ms) - v.jitter) * k_rfc3550_gain;
      v.has_jitter = true;
    }
    v.last_age_ms = d.frame_age_ms;
  }
  const auto second = std::min(k_max_seconds - 1, static_cast<std::size_t>(std::max(0.0, d.arrival_ms) / 1000.0));
  if (second >= m_per_second.size()) m_per_second.resize(second + 1, 0);
  ++m_per_second[second];
}

ViewerReport ViewerTally::finish(std::string framing, double elapsed_s, const client::ViewerStats& stats,
                                 client::ClockRelation clock, double link_down_bits_per_s,
                                 const std::vector<stats::Summary>& summaries) const {
  ViewerReport r;
  r.framing = std::move(framing);
  r.viewers = static_cast<unsigned>(m_viewers.size());
  r.elapsed_s = elapsed_s;
  r.stall_threshold_ms = m_stall_ms;
  r.per_second = m_per_second;
  // Whole seconds only, so a last partial second does not read as a drop in the rate.
  const auto whole_seconds = static_cast<std::size_t>(std::floor(elapsed_s));
  if (whole_seconds > 0) r.per_second.resize(whole_seconds, 0);
  double jitter_sum = 0;
  std::size_t jitter_n = 0;
  const double end_ms = elapsed_s * 1000.0;
  for (const State& v : m_viewers) {
    ViewerLine line = v.line;
    line.missing += v.ids.missing();
    line.duplicates += v.ids.duplicates();
    line.reordered += v.ids.reordered();
    // A viewer that stopped receiving before the end was stalled until it.
    if (v.last_arrival_ms && end_ms - *v.last_arrival_ms > m_stall_ms) line.stalls.add(end_ms - *v.last_arrival_ms);
    line.fps = ratio(static_cast<double>(line.frames), elapsed_s);
    if (v.has_jitter) {
      line.jitter_ms = v.jitter;
      jitter_sum += v.jitter;
      ++jitter_n;
    }
    r.frames += line.frames;
    r.bytes += line.bytes;
    r.missing += line.missing;
    r.duplicates += line.duplicates;
    r.reordered += line.reordered;
    r.stalls.count += line.stalls.count;
    r.stalls.total_ms += line.stalls.total_ms;
    r.stalls.longest_ms = std::max(r.stalls.longest_ms, line.stalls.longest_ms);
    r.per_viewer.push_back(line);
  }
  r.fps = ratio(static_cast<double>(r.frames), elapsed_s);
  r.bytes_per_frame = ratio(static_cast<double>(r.bytes), static_cast<double>(r.frames));
  r.bits_per_s = ratio(8.0 * static_cast<double>(r.bytes), elapsed_s);
  if (jitter_n > 0) r.jitter_rfc3550_ms = jitter_sum / static_cast<double>(jitter_n);
  r.gap = series(summaries, "gap");
  if (r.gap && r.gap->count >= 2) r.gap_sd_ms = r.gap->sd;
  r.age = series(summaries, "frame_age");
  r.clock = clock;
  r.clock_offset_ms = stats.clock_offset_ms;
  r.link_down_bits_per_s = link_down_bits_per_s;
  if (link_down_bits_per_s > 0 && r.bytes_per_frame > 0)
    r.capacity_fps = link_down_bits_per_s / 8.0 / r.bytes_per_frame;
  r.counters = stats.counters;
  return r;
}

json viewer_json(const ViewerReport& v) {
  json per_viewer = json::array();
  for (const auto& l : v.per_viewer)
    per_viewer.push_back({{"frames", l.frames}, {"fps", l.fps}, {"bytes", l.bytes}, {"missing", l.missing},
                          {"duplicates", l.duplicates}, {"reordered", l.reordered}, {"stalls", stalls_json(l.stalls)},
                          {"jitter_rfc3550_ms", optional_json(l.jitter_ms)}});
  json ended = json::object();
  for (const auto& [name, n] : v.counters.ended) ended[name] = n;
  json j = {{"framing", v.framing}, {"viewers", v.viewers}, {"elapsed_s", v.elapsed_s},
            {"frames", v.frames}, {"fps", v.fps}, {"fps_per_second", v.per_second},
            {"missing", v.missing}, {"duplicates", v.duplicates}, {"reordered", v.reordered},
            {"bytes", {{"total", v.bytes}, {"per_frame", v.bytes_per_frame}, {"bits_per_s", v.bits_per_s}}},
            {"gap_ms", stats_json(v.gap)}, {"frame_age_ms", stats_json(v.age)},
            {"jitter", {{"rfc3550_ms", optional_json(v.jitter_rfc3550_ms)}, {"gap_sd_ms", optional_json(v.gap_sd_ms)}}},
            {"stalls", stalls_json(v.stalls)}, {"stall_threshold_ms", v.stall_threshold_ms},
            {"clock", {{"relation", v.clock == client::ClockRelation::same ? "same" : "estimated"},
                       {"offset_ms", optional_json(v.clock_offset_ms)}}},
            {"sessions", {{"opened", v.counters.sessions}, {"upgraded", v.counters.upgraded}, {"ended", ended},
                          {"first_end", v.counters.first_end}}},
            {"undecodable", v.counters.undecodable}, {"first_undecodable", v.counters.first_undecodable},
            {"per_viewer", per_viewer}};
  if (v.link_down_bits_per_s > 0)
    j["capacity"] = {{"link_down_bits_per_s", v.link_down_bits_per_s}, {"fps", optional_json(v.capacity_fps)},
                     {"achieved_fps_per_viewer", ratio(v.fps, v.viewers)}};
  return j;
}

std::string format_viewer(const ViewerReport& v) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  const double per_viewer = ratio(v.fps, v.viewers);
  line(fmt::format("viewer ({}): {} frames received by {} viewer{} over {:.2f}s: {:.1f} fps in total, {:.1f} per viewer",
                   v.framing, v.frames, v.viewers, v.viewers == 1 ? "" : "s", v.elapsed_s, v.fps, per_viewer));
  if (v.capacity_fps)
    line(fmt::format("capacity: the link's down rate {} carries {:.1f} fps of these frames; achieved {:.1f} per viewer ({:.0f}%)",
                     human_bit_rate(v.link_down_bits_per_s), *v.capacity_fps, per_viewer, 100.0 * per_viewer / *v.capacity_fps));
  if (!v.per_second.empty()) {
    const auto [lo, hi] = std::minmax_element(v.per_second.begin(), v.per_second.end());
    line(fmt::format("fps per second: min {} max {} over {} seconds (summary.json: run.viewer.fps_per_second)", *lo, *hi,
                     v.per_second.size()));
  }
  line(fmt::format("frame ids: {} missing (dropped for us), {} duplicates, {} reordered", v.missing, v.duplicates,
                   v.reordered));
  if (v.age) {
    const std::string clock = v.clock == client::ClockRelation::same
                                  ? std::string("same clock: one machine")
                                  : fmt::format("clocks differ: offset estimated at {} from the first frames and subtracted",
                                                v.clock_offset_ms ? format_ms(*v.clock_offset_ms) : std::string("?"));
    line(fmt::format("frame age: p50 {} p95 {} p99 {} max {} ({})", format_ms(v.age->percentiles.p50),
                     format_ms(v.age->percentiles.p95), format_ms(v.age->percentiles.p99), format_ms(v.age->max), clock));
  } else {
    line("frame age: not known (the frames carry no timestamp)");
  }
  if (v.gap)
    line(fmt::format("gap between frames: p50 {} p95 {} p99 {} max {}; jitter: RFC 3550 {}, SD of gaps {}",
                     format_ms(v.gap->percentiles.p50), format_ms(v.gap->percentiles.p95), format_ms(v.gap->percentiles.p99),
                     format_ms(v.gap->max), v.jitter_rfc3550_ms ? format_ms(*v.jitter_rfc3550_ms) : std::string("n/a"),
                     v.gap_sd_ms ? format_ms(*v.gap_sd_ms) : std::string("n/a")));
  line(fmt::format("stalls (no frame for over {}): {}, longest {}, {} in all", format_ms(v.stall_threshold_ms),
                   v.stalls.count, format_ms(v.stalls.longest_ms), format_ms(v.stalls.total_ms)));
  line(fmt::format("bytes per frame: {} (WebSocket framing included); {}", human_bytes(v.bytes_per_frame), human_bit_rate(v.bits_per_s)));
  std::string ended;
  for (const auto& [name, n] : v.counters.ended) ended += fmt::format("{}{} {}", ended.empty() ? "" : ", ", n, name);
  line(fmt::format("sessions: {} opened, {} upgraded, {} ended early{}", v.counters.sessions, v.counters.upgraded,
                   ended.empty() ? "none" : ended, v.counters.first_end.empty() ? "" : " (first: " + v.counters.first_end + ")"));
  if (v.counters.undecodable > 0)
    line(fmt::format("undecodable messages: {} (first: {})", v.counters.undecodable, v.counters.first_undecodable));
  return out;
}

}  // namespace latbench::app
