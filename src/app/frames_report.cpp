#include "app/frames_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/duration.hpp"
#include "core/size.hpp"
#include "core/text.hpp"

namespace latbench::app {
using nlohmann::json;

namespace {

std::optional<stats::Stats> series(const std::vector<stats::Summary>& summaries, std::string_view name) {
  for (const auto& s : summaries)
    if (s.name == name && s.all.count > 0) return s.all;
  return std::nullopt;
}

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

json stats_json(const std::optional<stats::Stats>& s) {
  if (!s) return nullptr;
  return {{"count", s->count}, {"p50", s->percentiles.p50}, {"p90", s->percentiles.p90},
          {"p95", s->percentiles.p95}, {"p99", s->percentiles.p99}, {"max", s->max}};
}

}  // namespace

void FramesTally::add(const samples::Sample& s) {
  ++m_report.frames;
  if (s.error == samples::ErrorClass::none) ++m_report.answered;
  if (s.error == samples::ErrorClass::timeout) ++m_report.timed_out;
  m_bytes_up += s.bytes_up;
  m_bytes_down += s.bytes_down;
  if (!s.ws) return;
  ++m_report.pending[s.ws->pending];
  if (s.ws->first_answer_ms) m_report.first_answer_ms.push_back(*s.ws->first_answer_ms);
}

FramesReport FramesTally::finish(std::string framing, std::uint64_t skipped, double elapsed_s, double target_fps,
                                 double jpeg_bytes_mean, const client::WsCounters& counters,
                                 const std::vector<stats::Summary>& summaries) const {
  FramesReport f = m_report;
  f.framing = std::move(framing);
  f.skipped = skipped;
  f.elapsed_s = elapsed_s;
  f.answered_fps = ratio(static_cast<double>(f.answered), elapsed_s);
  f.target_fps = target_fps;
  f.bytes_up_per_frame = ratio(static_cast<double>(m_bytes_up), static_cast<double>(f.frames));
  f.bytes_down_per_frame = ratio(static_cast<double>(m_bytes_down), static_cast<double>(f.frames));
  f.bits_up_per_s = ratio(8.0 * static_cast<double>(m_bytes_up), elapsed_s);
  f.bits_down_per_s = ratio(8.0 * static_cast<double>(m_bytes_down), elapsed_s);
  f.jpeg_bytes_mean = jpeg_bytes_mean;
  f.counters = counters;
  f.rtt = series(summaries, "total");
  f.from_intended = series(summaries, "latency_from_intended");
  return f;
}

json frames_json(const FramesReport& f) {
  json pending = json::object();
  for (const auto& [n, frames] : f.pending) pending[std::to_string(n)] = frames;
  std::vector<double> sorted = f.first_answer_ms;
  std::sort(sorted.begin(), sorted.end());
  json warmup = {{"sessions", sorted.size()}};
  if (!sorted.empty()) {
    warmup["median_ms"] = stats::percentile_sorted(sorted, 0.5);
    warmup["max_ms"] = sorted.back();
  }
  return {{"framing", f.framing},
          {"sent", f.frames}, {"answered", f.answered}, {"timed_out", f.timed_out}, {"skipped", f.skipped},
          {"answered_fps", f.answered_fps}, {"target_fps", f.target_fps}, {"elapsed_s", f.elapsed_s},
          {"rtt_ms", stats_json(f.rtt)}, {"latency_from_intended_ms", stats_json(f.from_intended)},
          {"first_answer", warmup},
          {"bytes", {{"up_per_frame", f.bytes_up_per_frame}, {"down_per_frame", f.bytes_down_per_frame},
                     {"jpeg_mean", f.jpeg_bytes_mean}, {"up_bits_per_s", f.bits_up_per_s},
                     {"down_bits_per_s", f.bits_down_per_s}}},
          {"pending_when_sent", pending},
          {"sessions", f.counters.sessions}, {"reconnects", f.counters.reconnects},
          {"messages", {{"ignored", f.counters.ignored}, {"late", f.counters.late}, {"orphans", f.counters.orphans}}}};
}

namespace {

// Every value with its share while they fit on a line (a cap of K pending gives 0..K-1); without
// a cap the queue grows through dozens of values: then its quantiles (summary.json keeps them all).
std::string format_pending(const std::map<std::uint64_t, std::uint64_t>& pending, std::uint64_t frames) {
  constexpr std::size_t k_listed_at_most = 8;
  if (pending.size() <= k_listed_at_most) {
    std::string out;
    for (const auto& [n, count] : pending)
      out += fmt::format("{}{}: {} ({:.0f}%)", out.empty() ? "" : ", ", n, count,
                         100.0 * static_cast<double>(count) / static_cast<double>(frames));
    return out;
  }
  // The smallest value with at least q of the frames at or below it.
  auto quantile = [&](double q) {
    std::uint64_t seen = 0;
    for (const auto& [n, count] : pending) {
      seen += count;
      if (static_cast<double>(seen) >= q * static_cast<double>(frames)) return n;
    }
    return pending.rbegin()->first;
  };
  return fmt::format("{} values from {} to {}: median {}, p95 {}", pending.size(), pending.begin()->first,
                     pending.rbegin()->first, quantile(0.5), quantile(0.95));
}

}  // namespace

std::string format_frames(const FramesReport& f) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  line(fmt::format("frames ({}): {} sent, {} answered, {} timed out, {} skipped (max in flight)", f.framing,
                   f.frames, f.answered, f.timed_out, f.skipped));
  line(fmt::format("fps: {:.1f} answered/s over {:.2f}s{}", f.answered_fps, f.elapsed_s,
                   f.target_fps > 0 ? fmt::format(" (target {:.1f}/s: {:.0f}%)", f.target_fps,
                                                  100 * f.answered_fps / f.target_fps)
                                    : std::string(" (closed loop)")));
  if (f.rtt)
    line(fmt::format("RTT: p50 {} p95 {} p99 {} max {}", format_ms(f.rtt->percentiles.p50),
                     format_ms(f.rtt->percentiles.p95), format_ms(f.rtt->percentiles.p99), format_ms(f.rtt->max)));
  if (f.from_intended)
    line(fmt::format("from the intended send: p50 {} p95 {} p99 {}", format_ms(f.from_intended->percentiles.p50),
                     format_ms(f.from_intended->percentiles.p95), format_ms(f.from_intended->percentiles.p99)));
  if (!f.first_answer_ms.empty()) {
    std::vector<double> sorted = f.first_answer_ms;
    std::sort(sorted.begin(), sorted.end());
    line(fmt::format("warm-up: first answer after the upgrade, {}: median {} max {}", counted(sorted.size(), "session"),
                     format_ms(stats::percentile_sorted(sorted, 0.5)), format_ms(sorted.back())));
  }
  line(fmt::format("bytes per frame: {} up (JPEG {}), {} down; {} up, {} down", human_bytes(f.bytes_up_per_frame),
                   human_bytes(f.jpeg_bytes_mean), human_bytes(f.bytes_down_per_frame), human_bit_rate(f.bits_up_per_s),
                   human_bit_rate(f.bits_down_per_s)));
  if (!f.pending.empty()) line("pending when sent: " + format_pending(f.pending, f.frames));
  line(fmt::format("sessions: {} opened, {} reconnects; messages: {} ignored, {} late, {} orphans",
                   f.counters.sessions, f.counters.reconnects, f.counters.ignored, f.counters.late,
                   f.counters.orphans));
  return out;
}

}  // namespace latbench::app
