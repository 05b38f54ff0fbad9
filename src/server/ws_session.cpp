#include "server/ws_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>

#include "core/wall_time.hpp"
#include "server/access_log.hpp"
#include "server/server_context.hpp"
#include "server/ws_answer.hpp"
#include "server/ws_frame_input.hpp"
#include "server/ws_frame_queue.hpp"
#include "server/ws_log.hpp"

namespace latbench::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Answers waiting to be written beyond this stop the reading: a client that sends and never
// reads gets TCP back-pressure, not a growing list of drop notices in our memory.
constexpr std::size_t k_max_answers_waiting = 64;
// A read buffer grown by a large frame is given back past this, so a burst of big frames does
// not leave every idle session holding max_message_bytes.
constexpr std::size_t k_kept_read_buffer_bytes = 4u << 20;
// Frames a session holds (running and waiting) stop its reading past this many max-size
// messages: a queue of 50 places filled with 16 MiB frames would otherwise hold 800 MB.
constexpr std::size_t k_held_messages_budget = 4;

class WsSession : public ServedConnection, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket socket, ServerContext& ctx, SessionRegistry& registry, std::string client,
            std::uint64_t id, std::string path)
      : m_ws(std::move(socket)), m_idle_timer(m_ws.get_executor()),
        m_write_timer(m_ws.get_executor()), m_ctx(ctx), m_registry(registry),
        m_client(std::move(client)), m_path(std::move(path)), m_id(id),
        m_queue(ctx.options().ws.queue, ctx.options().ws.policy) {
    m_ctx.connections_open.fetch_add(1, std::memory_order_relaxed);
  }

  ~WsSession() override {
    if (m_accepted && !m_finished) finish(0, "session ended");
    m_ctx.connections_open.fetch_sub(1, std::memory_order_relaxed);
    m_registry.remove(this);
  }

  void start(Request upgrade);
  void shutdown() override {
    asio::post(m_ws.get_executor(), [self = shared_from_this()] {
      self->m_stopping = true;
      self->settle();
    });
  }
  void force_close() override {
    asio::post(m_ws.get_executor(), [self = shared_from_this()] { self->cut("closed by the server"); });
  }

 private:
  struct Outgoing {
    std::string bytes;
    bool text;
  };

  void on_accept(beast::error_code ec);
  void read_next();
  void on_read(beast::error_code ec, std::size_t bytes);
  void run(std::shared_ptr<PendingFrame> frame);
  void on_processed(const std::shared_ptr<PendingFrame>& frame, const ProcessedTimes& times,
                    Nanos queue, const std::optional<Error>& failure);
  void answer(const PendingFrame& frame, FrameStatus status, const ProcessedTimes& times,
              Nanos queue, std::string_view detail);
  void write_next();
  void on_write(beast::error_code ec, std::size_t bytes);
  void settle();
  void close_with(websocket::close_code code, std::string why);
  void cut(std::string why);
  void finish(int close_code, std::string why);
  bool over() const { return m_finished || m_cut; }
  void hold(PendingFrame& frame) {
    // A base64 frame holds its decoded JPEG beside the message.
    bool own_copy = m_ctx.options().ws.framing.framing == frames::Framing::base64_json;
    frame.held_bytes = frame.message.size() + (own_copy ? frame.jpeg.size() : 0);
    m_held_bytes += frame.held_bytes;
  }

  websocket::stream<tcp::socket> m_ws;  // its executor is this session's strand
  beast::flat_buffer m_in;
  asio::steady_timer m_idle_timer;
  asio::steady_timer m_write_timer;
  std::uint64_t m_idle_generation = 0;
  ServerContext& m_ctx;
  SessionRegistry& m_registry;
  std::string m_client;
  std::string m_path;
  std::uint64_t m_id;
  FrameQueue m_queue;
  std::deque<Outgoing> m_out;
  Clock::time_point m_opened = Clock::now();

  bool m_accepted = false;
  bool m_reading = false;
  bool m_read_done = false;  // the peer closed, or the stream failed: nothing more comes
  bool m_writing = false;
  bool m_closing = false;    // our close frame is on its way
  bool m_stopping = false;   // the server stops: finish what is in hand, then close
  bool m_cut = false;
  bool m_finished = false;
  bool m_session_warm = false;
  int m_close_code = 0;
  std::string m_close_why;

  std::uint64_t m_seq = 0;
  std::uint64_t m_processed = 0;
  std::uint64_t m_dropped = 0;
  std::uint64_t m_failed = 0;
  std::uint64_t m_abandoned = 0;
  std::size_t m_held_bytes = 0;  // messages (and decoded JPEGs) of the frames in the queue
};

void WsSession::start(Request upgrade) {
  const auto& o = m_ctx.options();
  m_ws.read_message_max(o.ws.max_message_bytes);
  // One frame per message: Beast's default splits writes into 4 KB frames.
  m_ws.auto_fragment(false);
  // Our own timers judge idleness and stuck writes; Beast's only the handshake and the close.
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = o.body_timeout;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  m_ws.set_option(timeouts);
  m_ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "latbench"); }));
  auto req = std::make_shared<Request>(std::move(upgrade));
  m_ws.async_accept(*req, [self = shared_from_this(), req](beast::error_code ec) {
    self->on_accept(ec);
  });
}

void WsSession::on_accept(beast::error_code ec) {
  if (ec) {
    // Beast has answered the bad handshake (400) itself, or the client left.
    m_ctx.count_status(400);
    if (m_ctx.logging() && m_ctx.options().log_format == LogFormat::uvicorn) {
      AccessRecord r;
      r.request_id = m_id;
      r.client = m_client;
      r.method = "GET";
      r.target = m_path;
      r.status = 400;
      m_ctx.log(uvicorn_access_line(r));
    }
    m_cut = true;
    beast::error_code ignored;
    beast::get_lowest_layer(m_ws).close(ignored);
    return;
  }
  m_accepted = true;
  m_ctx.count_status(101);
  m_ctx.ws_sessions.fetch_add(1, std::memory_order_relaxed);
  m_ctx.ws_sessions_open.fetch_add(1, std::memory_order_relaxed);
  if (m_ctx.logging()) {
    if (m_ctx.options().log_format == LogFormat::jsonl) {
      m_ctx.log(jsonl_ws_open_line(m_id, m_client, m_path, unix_seconds_now()));
    } else {
      m_ctx.log(uvicorn_ws_accepted_line(m_client, m_path));
      m_ctx.log(uvicorn_ws_open_line());
    }
  }
  read_next();
  settle();
}

void WsSession::read_next() {
  if (m_reading || m_read_done || m_closing || m_stopping || over()) return;
  if (!m_queue.may_read() || m_out.size() >= k_max_answers_waiting) return;
  if (m_held_bytes >= k_held_messages_budget * m_ctx.options().ws.max_message_bytes) return;
  m_reading = true;
  m_ws.async_read(m_in, [self = shared_from_this()](beast::error_code ec, std::size_t n) {
    self->on_read(ec, n);
  });
}

void WsSession::on_read(beast::error_code ec, std::size_t bytes) {
  m_reading = false;
  m_ctx.bytes_received.fetch_add(bytes, std::memory_order_relaxed);
  if (ec) {
    m_read_done = true;
    if (over()) return;
    int code = 0;
    std::string why;
    if (m_closing) {
      code = m_close_code;
      why = m_close_why;
    } else if (ec == websocket::error::closed) {
      code = m_ws.reason().code;
      why = "client closed";
    } else if (ec == websocket::error::message_too_big) {
      // Beast has sent the close frame (1009) and dropped the connection.
      code = static_cast<int>(websocket::close_code::too_big);
      why = "message too big";
      m_ctx.ws_refused.fetch_add(1, std::memory_order_relaxed);
    } else if (ec == websocket::condition::protocol_violation) {
      code = static_cast<int>(websocket::close_code::protocol_error);
      why = "protocol error: " + ec.message();
      m_ctx.ws_refused.fetch_add(1, std::memory_order_relaxed);
    } else {
      why = "connection lost: " + ec.message();
    }
    return finish(code, std::move(why));
  }
  if (!leave_idle()) return cut("evicted for a new connection");
  ++m_idle_generation;
  m_idle_timer.cancel();
  m_ctx.ws_frames.fetch_add(1, std::memory_order_relaxed);

  auto frame = std::make_shared<PendingFrame>();
  frame->arrived = Clock::now();
  frame->seq = ++m_seq;
  frame->frame_id = frame->seq;
  frame->message = beast::buffers_to_string(m_in.data());
  m_in.consume(m_in.size());
  if (m_in.capacity() > k_kept_read_buffer_bytes) m_in = beast::flat_buffer();
  auto taken = take_frame(*frame, m_ctx.options().ws.framing,
                          m_ws.got_text() ? frames::MessageKind::text : frames::MessageKind::binary);
  frame->parse = Clock::now() - frame->arrived;
  if (!taken) {
    ++m_failed;
    m_ctx.ws_bad_frames.fetch_add(1, std::memory_order_relaxed);
    answer(*frame, FrameStatus::bad_frame, {}, Nanos(0), taken.error().what());
  } else {
    switch (m_queue.arrive(frame)) {
      case FrameQueue::Arrival::run_now:
        hold(*frame);
        run(frame);
        break;
      case FrameQueue::Arrival::queued: hold(*frame); break;
      case FrameQueue::Arrival::dropped:
        ++m_dropped;
        m_ctx.ws_dropped.fetch_add(1, std::memory_order_relaxed);
        answer(*frame, FrameStatus::dropped, {}, Nanos(0), "queue full");
        break;
    }
  }
  read_next();
  settle();
}

void WsSession::run(std::shared_ptr<PendingFrame> frame) {
  Warmup warmup = Warmup::first_of_process;
  if (m_ctx.options().ws.warmup_scope == WarmupScope::session) {
    warmup = m_session_warm ? Warmup::none : Warmup::pay;
    m_session_warm = true;
  }
  auto work = [self = shared_from_this(), frame, warmup] {
    Nanos queue = Clock::now() - frame->arrived;
    ProcessedTimes times;
    std::optional<Error> failure;
    try {
      times = self->m_ctx.model().process(frame->jpeg, warmup);
    } catch (const Error& e) {
      failure = e;
    }
    asio::post(self->m_ws.get_executor(), [self, frame, times, queue, failure = std::move(failure)] {
      self->on_processed(frame, times, queue, failure);
    });
  };
  // No model slots: on this I/O thread, but from the strand's queue so a run of queued frames
  // does not recurse.
  if (m_ctx.options().processing.workers == 0) return asio::post(m_ws.get_executor(), std::move(work));
  if (!m_ctx.pool().submit(std::move(work))) {
    on_processed(frame, {}, Nanos(0), Error(ErrorKind::internal, "server is shutting down"));
  }
}

void WsSession::on_processed(const std::shared_ptr<PendingFrame>& frame,
                             const ProcessedTimes& times, Nanos queue,
                             const std::optional<Error>& failure) {
  if (over()) return;  // counted as abandoned when the session ended
  if (!failure) {
    ++m_processed;
    m_ctx.ws_processed.fetch_add(1, std::memory_order_relaxed);
    answer(*frame, FrameStatus::processed, times, queue, {});
  } else {
    // The decode failed before the warm-up: the session's next frame pays it.
    if (m_ctx.options().ws.warmup_scope == WarmupScope::session && times.warmup == Nanos(0) &&
        m_processed == 0)
      m_session_warm = false;
    ++m_failed;
    m_ctx.ws_undecodable.fetch_add(1, std::memory_order_relaxed);
    answer(*frame, FrameStatus::undecodable, times, queue, failure->what());
  }
  m_held_bytes -= std::min(m_held_bytes, frame->held_bytes);
  if (auto next = m_queue.finish()) run(std::move(next));
  read_next();
  settle();
}

void WsSession::answer(const PendingFrame& frame, FrameStatus status, const ProcessedTimes& times,
                       Nanos queue, std::string_view detail) {
  const auto& o = m_ctx.options();
  FrameAnswer a;
  a.frame_id = frame.frame_id;
  a.status = status;
  a.timing = {frame.parse, queue, times.warmup, times.decode, times.infer, times.post,
              Clock::now() - frame.arrived};
  a.shape = times.shape;
  a.detail = detail;
  auto bytes = encode_frame_answer(a, o.ws.answer_format, o.ws.answer_bytes);
  if (m_ctx.logging()) {
    WsFrameRecord r;
    r.session = m_id;
    r.client = m_client;
    r.path = m_path;
    r.frame_id = frame.frame_id;
    r.seq = frame.seq;
    r.device = frame.device;
    r.status = status;
    r.bytes_in = frame.message.size();
    r.bytes_out = bytes.size();
    r.timing = a.timing;
    if (o.log_format == LogFormat::jsonl) {
      m_ctx.log(jsonl_ws_frame_line(r, unix_seconds_now()));
    } else {
      m_ctx.log(uvicorn_ws_frame_line(r));
      if (status == FrameStatus::processed) m_ctx.log(ultralytics_speed_line(times));
    }
  }
  if (m_closing || m_read_done || over()) return;
  m_out.push_back({std::move(bytes), o.ws.answer_format == AnswerFormat::json});
  write_next();
}

void WsSession::write_next() {
  if (m_writing || m_out.empty() || m_closing || over()) return;
  m_writing = true;
  m_ws.text(m_out.front().text);
  // A peer that stops reading must not pin the session: the write is cut after body_timeout.
  m_write_timer.expires_after(m_ctx.options().body_timeout);
  m_write_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec && self->m_writing) self->cut("answer not read in time");
  });
  m_ws.async_write(asio::buffer(m_out.front().bytes),
                   [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                     self->on_write(ec, n);
                   });
}

void WsSession::on_write(beast::error_code ec, std::size_t bytes) {
  m_writing = false;
  m_write_timer.cancel();
  m_ctx.bytes_sent.fetch_add(bytes, std::memory_order_relaxed);
  if (!m_out.empty()) m_out.pop_front();
  if (over()) return;
  if (ec) return cut("write failed: " + ec.message());
  write_next();
  read_next();
  settle();
}

// After every event: with nothing in hand, a stopping server closes the session, and an
// idle one becomes evictable and starts its idle timeout.
void WsSession::settle() {
  if (over() || m_closing || !m_accepted) return;
  if (m_read_done) {
    if (m_queue.idle() && m_out.empty() && !m_writing) finish(m_close_code, m_close_why);
    return;
  }
  bool in_hand = !m_queue.idle() || !m_out.empty() || m_writing;
  if (in_hand) return;
  if (m_stopping) return close_with(websocket::close_code::going_away, "server shutting down");
  enter_idle();
  auto generation = ++m_idle_generation;
  m_idle_timer.expires_after(m_ctx.options().idle_timeout);
  m_idle_timer.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    if (ec || generation != self->m_idle_generation || self->over()) return;
    if (!self->leave_idle()) return self->cut("evicted for a new connection");
    self->close_with(websocket::close_code::going_away, "idle");
  });
}

void WsSession::close_with(websocket::close_code code, std::string why) {
  if (m_closing || over()) return;
  m_closing = true;
  m_close_code = static_cast<int>(code);
  m_close_why = std::move(why);
  ++m_idle_generation;
  m_idle_timer.cancel();
  // The pending read (if any) ends with `closed` once the peer answers, or Beast's handshake
  // timeout cuts a peer that never does.
  m_ws.async_close(websocket::close_reason(code, m_close_why),
                   [self = shared_from_this()](beast::error_code) {
                     if (!self->m_reading) self->finish(self->m_close_code, self->m_close_why);
                   });
}

void WsSession::cut(std::string why) {
  if (m_cut) return;
  if (!m_finished && m_accepted) finish(0, std::move(why));
  m_cut = true;
  ++m_idle_generation;
  m_idle_timer.cancel();
  m_write_timer.cancel();
  beast::error_code ignored;
  beast::get_lowest_layer(m_ws).shutdown(tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(m_ws).close(ignored);
}

// Once per session: the close is counted and logged; frames read but not answered are abandoned.
void WsSession::finish(int close_code, std::string why) {
  if (m_finished) return;
  m_finished = true;
  m_abandoned += m_queue.abandon() + (m_queue.running() ? 1 : 0);
  m_out.clear();
  ++m_idle_generation;
  m_idle_timer.cancel();
  m_ctx.ws_sessions_open.fetch_sub(1, std::memory_order_relaxed);
  if (m_ctx.logging()) {
    if (m_ctx.options().log_format == LogFormat::jsonl) {
      WsSessionRecord r;
      r.session = m_id;
      r.client = m_client;
      r.path = m_path;
      r.frames = m_seq;
      r.processed = m_processed;
      r.dropped = m_dropped;
      r.failed = m_failed;
      r.abandoned = m_abandoned;
      r.close_code = close_code;
      r.why = why;
      r.duration = Clock::now() - m_opened;
      m_ctx.log(jsonl_ws_close_line(r, unix_seconds_now()));
    } else {
      m_ctx.log(uvicorn_ws_closed_line());
    }
  }
}

}  // namespace

bool is_websocket_upgrade(const Request& request) { return websocket::is_upgrade(request); }

void start_ws_frames_session(tcp::socket socket, Request upgrade, ServerContext& ctx,
                             SessionRegistry& registry, std::string client,
                             std::uint64_t session_id) {
  std::string path(upgrade.target().substr(0, upgrade.target().find('?')));
  auto session = std::make_shared<WsSession>(std::move(socket), ctx, registry, std::move(client),
                                             session_id, std::move(path));
  registry.add(session);
  session->start(std::move(upgrade));
}

}  // namespace latbench::server
