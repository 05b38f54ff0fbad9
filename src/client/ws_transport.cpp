#include "client/ws_transport.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <unordered_set>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include "client/ws_session.hpp"

namespace latbench::client {
namespace {

namespace asio = boost::asio;

constexpr int k_upgrade_status = 101;       // an answered frame's status: its session's upgrade
constexpr std::size_t k_recent_timeouts = 4096;  // frame ids remembered to recognise late answers

struct Pending {
  Unit unit;
  std::uint64_t frame_id = 0;
  std::uint64_t bytes_up = 0;
  std::optional<SteadyTime> sent;
  std::uint64_t pending_at_send = 0;
  bool first_on_session = false;
};

struct SessionState {
  std::shared_ptr<WsSession> io;
  std::uint64_t id = 0;
  unsigned device = 0;
  std::uint64_t number = 0;    // the device's session count
  std::uint64_t frames = 0;    // frames sent on it
  std::deque<Pending> pending;
  bool answered = false;       // its first answer came
  bool retiring = false;       // reconnect_every: close once the pending frames ended
  bool closing = false;
  SteadyTime closing_since;
  std::uint64_t timeouts_since_answer = 0;  // order matching: late answers still to expect
};

struct Done {
  Unit unit;
  Sample sample;
  bool reached = false;
  std::string detail;
};

class WsTransportImpl final : public WsTransport, private WsSessionEvents {
 public:
  WsTransportImpl(const DriverPlan& plan, const WsOptions& options)
      : m_plan(plan), m_options(options), m_target(parse_ws_target(plan.url).take()),
        m_slots(ws_slots_per_device(plan)), m_work(asio::make_work_guard(m_io)),
        m_active(plan.devices, 0), m_session_numbers(plan.devices, 0) {
    if (m_target.scheme == WsScheme::wss) m_tls = make_ws_tls_context(plan.tls);
  }

  ~WsTransportImpl() override {
    for (auto& [id, s] : m_sessions) s.io->discard();
  }

  unsigned slots_per_device() const override { return m_slots; }
  WsCounters counters() const override { return m_counters; }

  void start(const Unit& unit) override {
    SessionState* s = active(unit.device);
    if (s && m_options.reconnect_every > 0 && s->frames >= m_options.reconnect_every) {
      retire(*s);
      ++m_counters.reconnects;
      s = nullptr;
    }
    if (s == nullptr) s = &open_session(unit.device);
    const auto& body = m_plan.bodies[unit.body].bytes;
    frames::FrameFields fields;
    fields.frame_id = unit.seq;
    fields.timestamp_ms = std::chrono::duration<double, std::milli>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
    fields.device = fmt::format("{}{}", m_plan.device_id_prefix, m_plan.fleet_device(unit.device));
    fields.device_index = m_plan.fleet_device(unit.device);
    auto message = frames::encode_frame(m_options.framing, fields,
                                        {reinterpret_cast<const char*>(body.data()), body.size()});
    if (!message) throw usage_error(fmt::format("frame {}: {}", unit.seq, message.error().what()));
    Pending p;
    p.unit = unit;
    p.frame_id = unit.seq;
    p.pending_at_send = s->pending.size();
    p.first_on_session = s->frames == 0;
    ++s->frames;
    s->pending.push_back(p);
    s->io->send(std::move(message->bytes), message->kind, p.frame_id);
  }

  void advance(TransportEvents& events) override {
    m_io.poll();
    expire(std::chrono::steady_clock::now());
    for (const auto id : m_finished_sessions) m_sessions.erase(id);
    m_finished_sessions.clear();
    std::vector<Done> done;
    done.swap(m_done);
    for (auto& d : done) {
      m_detail = std::move(d.detail);
      events.finished(d.unit, d.sample, d.reached);
    }
    m_detail.clear();
  }

  std::optional<Nanos> next_timer() const override {
    std::optional<SteadyTime> first;
    for (const auto& [id, s] : m_sessions) {
      for (const auto& p : s.pending) {
        const SteadyTime end = p.unit.started + m_plan.timeout;
        if (!first || end < *first) first = end;
      }
      if (s.closing) {
        const SteadyTime end = s.closing_since + m_plan.timeout;
        if (!first || end < *first) first = end;
      }
    }
    if (!first) return std::nullopt;
    return std::max(Nanos(0), std::chrono::duration_cast<Nanos>(*first - std::chrono::steady_clock::now()));
  }

  void wait(Nanos at_most) override {
    if (m_io.stopped()) m_io.restart();
    m_io.run_one_for(at_most);
  }

  std::uint64_t abort_all() override {
    std::uint64_t aborted = 0;
    for (auto& [id, s] : m_sessions) {
      aborted += s.pending.size();
      s.io->discard();
    }
    m_sessions.clear();
    std::fill(m_active.begin(), m_active.end(), 0);
    m_done.clear();
    return aborted;
  }

  std::string failure_detail() const override { return m_detail; }

 private:
  SessionState* active(unsigned device) {
    const auto it = m_sessions.find(m_active[device]);
    return it == m_sessions.end() ? nullptr : &it->second;
  }

  SessionState& open_session(unsigned device) {
    const std::uint64_t id = ++m_next_session;
    SessionState& s = m_sessions[id];
    s.id = id;
    s.device = device;
    s.number = m_session_numbers[device]++;
    s.io = make_ws_session(m_io, m_target, m_tls, m_options.max_message, id, *this);
    m_active[device] = id;
    ++m_counters.sessions;
    s.io->open();
    return s;
  }

  void retire(SessionState& s) {
    s.retiring = true;
    if (m_active[s.device] == s.id) m_active[s.device] = 0;
    if (s.pending.empty()) begin_close(s);
  }

  void begin_close(SessionState& s) {
    if (s.closing) return;
    s.closing = true;
    s.closing_since = std::chrono::steady_clock::now();
    s.io->close();
  }

  SessionState* find(std::uint64_t id) {
    const auto it = m_sessions.find(id);
    return it == m_sessions.end() ? nullptr : &it->second;
  }

  // The sample of `p` as far as the session's opening goes (its first frame carries the phases).
  Sample base_sample(const SessionState& s, const Pending& p, SteadyTime end) const {
    Sample out;
    out.conn = p.first_on_session ? samples::ConnUse::fresh : samples::ConnUse::reused;
    out.total_ms = ms_between(p.unit.started, end);
    out.bytes_up = p.bytes_up;
    if (p.sent) out.upload_ms = ms_between(p.unit.started, *p.sent);
    samples::WsFrameFields ws;
    ws.frame_id = p.frame_id;
    ws.session = s.number;
    ws.pending = p.pending_at_send;
    if (p.first_on_session) {
      const WsOpenTimes& t = s.io->times();
      if (t.resolved) out.dns_ms = ms_between(p.unit.started, *t.resolved);
      if (t.connected) out.connect_ms = ms_between(p.unit.started, *t.connected);
      if (t.tls_done && t.connected) out.tls_ms = ms_between(*t.connected, *t.tls_done);
      if (t.upgraded) ws.upgrade_ms = ms_between(t.tls_done ? *t.tls_done : *t.connected, *t.upgraded);
    }
    out.ws = ws;
    return out;
  }

  void end_with_error(SessionState& s, const Pending& p, ErrorClass error, std::string detail, SteadyTime now) {
    Sample out = base_sample(s, p, now);
    out.error = error;
    m_done.push_back({p.unit, std::move(out), s.io->tcp_connected(), std::move(detail)});
  }

  void end_answered(SessionState& s, const Pending& p, SteadyTime now, std::uint64_t wire_bytes,
                    std::vector<frames::Stage>&& stages) {
    Sample out = base_sample(s, p, now);
    out.status = k_upgrade_status;
    out.bytes_down = wire_bytes;
    for (auto& st : stages) out.server.push_back({std::move(st.name), st.ms});
    if (const auto processing = out.server_processing_ms()) out.network_overhead_ms = std::max(0.0, out.total_ms - *processing);
    if (!s.answered) {
      s.answered = true;
      if (const auto& up = s.io->times().upgraded) out.ws->first_answer_ms = ms_between(*up, now);
    }
    m_done.push_back({p.unit, std::move(out), true, {}});
  }

  void after_removal(SessionState& s) {
    if (s.retiring && s.pending.empty()) begin_close(s);
  }

  void remember_timeout(std::uint64_t frame_id) {
    m_recent_timeouts.insert(frame_id);
    m_timeout_order.push_back(frame_id);
    if (m_timeout_order.size() > k_recent_timeouts) {
      m_recent_timeouts.erase(m_timeout_order.front());
      m_timeout_order.pop_front();
    }
  }

  void expire(SteadyTime now) {
    for (auto& [id, s] : m_sessions) {
      bool removed = false;
      for (auto it = s.pending.begin(); it != s.pending.end();) {
        if (now - it->unit.started >= m_plan.timeout) {
          end_with_error(s, *it, ErrorClass::timeout, fmt::format("no answer to frame {} within the timeout", it->frame_id), now);
          ++s.timeouts_since_answer;
          remember_timeout(it->frame_id);
          it = s.pending.erase(it);
          removed = true;
        } else {
          ++it;
        }
      }
      if (removed) after_removal(s);
      if (s.closing && now - s.closing_since >= m_plan.timeout) {  // a peer that never closes back
        s.io->discard();
        m_finished_sessions.push_back(id);
      }
    }
  }

  // WsSessionEvents: run inside m_io's poll / run_one_for.
  void on_open(std::uint64_t) override {}

  void on_failed(std::uint64_t id, ErrorClass error, const std::string& detail) override {
    SessionState* s = find(id);
    if (s == nullptr) return;
    const SteadyTime now = std::chrono::steady_clock::now();
    for (const auto& p : s->pending) end_with_error(*s, p, error, detail, now);
    s->pending.clear();
    if (m_active[s->device] == id) m_active[s->device] = 0;
    m_finished_sessions.push_back(id);
  }

  void on_closed(std::uint64_t id) override { on_failed(id, ErrorClass::closed, "the session was closed"); }

  void on_sent(std::uint64_t id, std::uint64_t token, std::uint64_t wire_bytes) override {
    SessionState* s = find(id);
    if (s == nullptr) return;
    for (auto& p : s->pending)
      if (p.frame_id == token) {
        p.sent = std::chrono::steady_clock::now();
        p.bytes_up = wire_bytes;
        return;
      }
  }

  void on_message(std::uint64_t id, std::string_view data, frames::MessageKind kind, std::uint64_t wire_bytes) override {
    SessionState* s = find(id);
    if (s == nullptr) return;
    const SteadyTime now = std::chrono::steady_clock::now();
    auto answer = frames::read_answer(m_options.answer, data, kind);
    if (!answer) {
      if (s->pending.empty()) {
        ++m_counters.orphans;
        return;
      }
      end_with_error(*s, s->pending.front(), ErrorClass::protocol, fmt::format("answer: {}", answer.error().what()), now);
      s->pending.pop_front();
      return after_removal(*s);
    }
    if (!answer->is_answer) {
      ++m_counters.ignored;
      return;
    }
    auto match = s->pending.end();
    if (m_options.answer.match == frames::MatchBy::order) {
      match = s->pending.begin();
      // An answer with nothing pending after a timeout is that frame's late answer.
      if (match == s->pending.end()) {
        if (s->timeouts_since_answer > 0) {
          --s->timeouts_since_answer;
          ++m_counters.late;
        } else {
          ++m_counters.orphans;
        }
        return;
      }
    } else {
      match = std::find_if(s->pending.begin(), s->pending.end(),
                           [&](const Pending& p) { return p.frame_id == *answer->id; });
      if (match == s->pending.end()) {
        if (m_recent_timeouts.count(*answer->id)) {
          ++m_counters.late;
        } else if (s->pending.empty()) {
          ++m_counters.orphans;
        } else {
          end_with_error(*s, s->pending.front(), ErrorClass::unmatched,
                         fmt::format("an answer for frame {}, which is not pending", *answer->id), now);
          s->pending.pop_front();
          after_removal(*s);
        }
        return;
      }
    }
    if (answer->dropped) {  // answered (the wait counts as latency) but never processed
      end_with_error(*s, *match, ErrorClass::dropped,
                     fmt::format("the server dropped frame {} (its answer says \"status\": \"dropped\")", match->frame_id), now);
      m_done.back().sample.status = k_upgrade_status;
      m_done.back().sample.bytes_down = wire_bytes;
      s->pending.erase(match);
      return after_removal(*s);
    }
    end_answered(*s, *match, now, wire_bytes, std::move(answer->stages));
    s->pending.erase(match);
    after_removal(*s);
  }

  const DriverPlan& m_plan;
  const WsOptions& m_options;
  WsTarget m_target;
  unsigned m_slots;
  asio::io_context m_io;
  asio::executor_work_guard<asio::io_context::executor_type> m_work;
  std::shared_ptr<WsTlsContext> m_tls;
  std::map<std::uint64_t, SessionState> m_sessions;  // by id; a map keeps references stable
  std::vector<std::uint64_t> m_active;               // per device: its current session's id, 0: none
  std::vector<std::uint64_t> m_session_numbers;      // per device: sessions opened
  std::uint64_t m_next_session = 0;
  std::vector<std::uint64_t> m_finished_sessions;    // erased after the callbacks returned
  std::vector<Done> m_done;                          // ended units, delivered by advance()
  std::unordered_set<std::uint64_t> m_recent_timeouts;
  std::deque<std::uint64_t> m_timeout_order;
  WsCounters m_counters;
  std::string m_detail;                              // failure_detail() of the unit being reported
};

}  // namespace

unsigned ws_slots_per_device(const DriverPlan& plan) {
  if (!plan.schedule.rate_per_s) return 1;
  return plan.schedule.max_in_flight ? plan.schedule.max_in_flight : std::numeric_limits<unsigned>::max();
}

std::unique_ptr<WsTransport> make_ws_transport(const DriverPlan& plan, const WsOptions& options) {
  return std::make_unique<WsTransportImpl>(plan, options);
}

}  // namespace latbench::client
