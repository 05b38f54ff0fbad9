#include "client/viewer_run.hpp"

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "client/clock.hpp"
#include "client/frame_id_track.hpp"
#include "client/ws_session.hpp"
#include "client/ws_target.hpp"

namespace latbench::client {
namespace {

using samples::ErrorClass;
using samples::Sample;
using Steady = std::chrono::steady_clock;

constexpr auto k_tick = std::chrono::milliseconds(100);
constexpr auto k_close_grace = std::chrono::seconds(1);  // closing handshakes at the end

double cpu_seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; }

const char* unreachable_reason(ErrorClass e) {
  switch (e) {
    case ErrorClass::refused: return "connection refused";
    case ErrorClass::dns: return "host name not resolved";
    case ErrorClass::timeout: return "no upgrade within the timeout";
    default: return "cannot connect";
  }
}

struct Viewer {
  std::shared_ptr<WsSession> session;
  enum class State { opening, open, done } state = State::opening;
  std::uint64_t frames = 0;
  std::optional<Steady::time_point> upgraded, last_arrival;
  FrameIdTrack ids;
  ClockOffset offset{ClockRelation::same};
};

class ViewerRun final : public WsSessionEvents {
 public:
  ViewerRun(const ViewerPlan& plan, const ViewerHooks& hooks)
      : m_plan(plan), m_hooks(hooks), m_tls(make_ws_tls_context(plan.tls)) {
    auto target = parse_ws_target(plan.url);
    if (!target) throw target.error();
    m_target = std::move(target).take();
    m_viewers.resize(plan.viewers);
    for (auto& v : m_viewers) v.offset = ClockOffset(plan.clock);
  }

  ViewerStats run() {
    rusage before{};
    getrusage(RUSAGE_THREAD, &before);
    m_t0 = Steady::now();
    for (std::uint64_t i = 0; i < m_viewers.size(); ++i) {
      m_viewers[i].session = make_ws_session(m_io, m_target, m_tls, m_plan.max_message, i, *this);
      ++m_stats.counters.sessions;
      m_viewers[i].session->open();
    }
    while (!finished()) {
      m_io.restart();
      // Up to the next tick, or the duration's end if sooner.
      auto slice = std::chrono::duration_cast<Nanos>(k_tick);
      if (m_plan.duration) slice = std::min(slice, *m_plan.duration - (Steady::now() - m_t0));
      m_io.run_for(std::max(slice, Nanos(0)));
      const auto now = Steady::now();
      expire_opens(now);
      if (m_hooks.on_tick) m_hooks.on_tick(now);
    }
    m_end = m_end.value_or(Steady::now());
    m_stats.elapsed = std::chrono::duration_cast<Nanos>(*m_end - m_t0);
    wind_down();
    rusage after{};
    getrusage(RUSAGE_THREAD, &after);
    m_stats.cpu_user_s = cpu_seconds(after.ru_utime) - cpu_seconds(before.ru_utime);
    m_stats.cpu_system_s = cpu_seconds(after.ru_stime) - cpu_seconds(before.ru_stime);
    if (m_unreachable) throw Error(ErrorKind::unreachable, *m_unreachable);
    for (const auto& v : m_viewers)
      if (auto o = v.offset.offset()) m_stats.clock_offset_ms = *o;
    return m_stats;
  }

  void on_open(std::uint64_t id) override {
    Viewer& v = m_viewers[id];
    v.state = Viewer::State::open;
    v.upgraded = Steady::now();
    m_any_connected = true;
    ++m_stats.counters.upgraded;
    if (!m_plan.subscribe.empty()) {
      m_stats.counters.subscribe_bytes += m_plan.subscribe.size() + ws_frame_overhead(m_plan.subscribe.size(), true);
      v.session->send(m_plan.subscribe, frames::MessageKind::text, 0);
    }
  }

  void on_failed(std::uint64_t id, ErrorClass error, const std::string& detail) override {
    Viewer& v = m_viewers[id];
    if (v.state == Viewer::State::done) return;
    const bool connected = v.session->tcp_connected();
    v.state = Viewer::State::done;
    m_any_connected = m_any_connected || connected;
    if (!m_any_connected && !m_unreachable &&
        (error == ErrorClass::refused || error == ErrorClass::dns || error == ErrorClass::timeout)) {
      m_unreachable = fmt::format("cannot reach {}: {} ({}). Is the server running?", m_plan.url,
                                  unreachable_reason(error), detail);
      return;
    }
    ++m_stats.counters.ended[std::string(samples::error_class_name(error))];
    if (m_stats.counters.first_end.empty()) m_stats.counters.first_end = fmt::format("viewer {}: {}", id, detail);
  }

  void on_sent(std::uint64_t, std::uint64_t, std::uint64_t) override {}

  void on_message(std::uint64_t id, std::string_view data, frames::MessageKind kind, std::uint64_t wire_bytes) override {
    const auto arrival = Steady::now();
    const double arrival_wall_ms =
        std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count();
    Viewer& v = m_viewers[id];
    if (v.state != Viewer::State::open || m_end) return;
    if (m_plan.duration && arrival - m_t0 >= *m_plan.duration) return;  // after the run's end
    auto frame = frames::read_pushed_frame(m_plan.framing, m_plan.fields, data, kind);
    if (!frame) {
      if (m_stats.counters.undecodable++ == 0)
        m_stats.counters.first_undecodable = fmt::format("viewer {}: {}", id, frame.error().what());
      return;
    }
    Sample s;
    s.seq = m_seq++;
    s.device = static_cast<unsigned>(id);
    s.conn = v.frames == 0 ? samples::ConnUse::fresh : samples::ConnUse::reused;
    s.start_ms = s.intended_start_ms = ms_between(m_t0, arrival);
    s.bytes_down = wire_bytes;
    s.status = 101;
    samples::WsFrameFields ws;
    samples::WsDownFields down;
    down.arrival_ms = s.start_ms;
    // A frame without an id is numbered by its arrival in the session (1, 2, ...), as the server does.
    ws.frame_id = frame->frame_id.value_or(v.frames + 1);
    down.missing_frames = v.ids.add(ws.frame_id).skipped;
    if (v.last_arrival) down.gap_ms = ms_between(*v.last_arrival, arrival);
    if (frame->timestamp_ms) {
      down.frame_age_ms = v.offset.age(arrival_wall_ms, *frame->timestamp_ms);
      down.clock_offset_ms = v.offset.offset();
    }
    if (v.frames == 0) ws.upgrade_ms = ms_between(v.session->times().begin, *v.upgraded);
    // total: the frame's age, the series compare and gate read; without a timestamp the gap
    // (the first frame's: since the upgrade).
    s.total_ms = down.frame_age_ms.value_or(down.gap_ms.value_or(ms_between(*v.upgraded, arrival)));
    ws.down = down;
    s.ws = ws;
    v.last_arrival = arrival;
    ++v.frames;
    if (m_hooks.on_frame) m_hooks.on_frame(s);
    if (m_plan.frames_per_viewer > 0 && v.frames >= m_plan.frames_per_viewer) {
      v.state = Viewer::State::done;
      v.session->close();
    }
  }

  void on_closed(std::uint64_t) override {}

 private:
  bool finished() {
    if (m_unreachable) return true;
    const auto now = Steady::now();
    if (m_hooks.interrupt && m_hooks.interrupt->load() > 0) {
      m_stats.interrupt_level = m_hooks.interrupt->load();
      m_end = now;
      return true;
    }
    if (m_plan.duration && now - m_t0 >= *m_plan.duration) {
      m_end = m_t0 + *m_plan.duration;
      return true;
    }
    for (const auto& v : m_viewers)
      if (v.state != Viewer::State::done) return false;
    m_end = now;
    return true;
  }

  void expire_opens(Steady::time_point now) {
    for (std::uint64_t i = 0; i < m_viewers.size(); ++i) {
      Viewer& v = m_viewers[i];
      if (v.state != Viewer::State::opening || now - v.session->times().begin < m_plan.open_timeout) continue;
      v.session->discard();
      on_failed(i, ErrorClass::timeout, fmt::format("no upgrade within {}", format_duration(m_plan.open_timeout)));
    }
  }

  // Open sessions close with the handshake (bounded), then every session is discarded.
  void wind_down() {
    for (auto& v : m_viewers)
      if (v.state == Viewer::State::open) {
        v.state = Viewer::State::done;
        v.session->close();
      }
    m_io.restart();
    m_io.run_for(k_close_grace);
    for (auto& v : m_viewers) v.session->discard();
    m_io.restart();
    m_io.poll();
  }

  const ViewerPlan& m_plan;
  const ViewerHooks& m_hooks;
  boost::asio::io_context m_io{1};
  std::shared_ptr<WsTlsContext> m_tls;
  WsTarget m_target;
  std::vector<Viewer> m_viewers;
  ViewerStats m_stats;
  Steady::time_point m_t0;
  std::optional<Steady::time_point> m_end;
  std::uint64_t m_seq = 0;
  bool m_any_connected = false;
  std::optional<std::string> m_unreachable;
};

}  // namespace

ViewerStats run_viewers(const ViewerPlan& plan, const ViewerHooks& hooks) {
  ViewerRun run(plan, hooks);
  return run.run();
}

}  // namespace latbench::client
