#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <vector>

#include "core/wall_time.hpp"
#include "server/access_log.hpp"
#include "server/http_session_impl.hpp"

namespace latbench::server {
void start_session(tcp::socket socket, ServerContext& ctx, SessionRegistry& registry) {
  auto session = std::make_shared<HttpSession>(std::move(socket), ctx, registry);
  registry.add(session);
  session->start();
}

// ---- session lifecycle ----

HttpSession::HttpSession(tcp::socket socket, ServerContext& ctx, SessionRegistry& registry)
    : m_socket(std::move(socket)), m_timer(m_socket.get_executor()), m_ctx(ctx),
      m_registry(registry) {
  beast::error_code ec;
  auto peer = m_socket.remote_endpoint(ec);
  m_client = ec ? std::string("-") : peer.address().to_string() + ":" + std::to_string(peer.port());
  // Beast reads at most the buffer's free capacity per recv(): without this a 50 KB upload
  // costs ~100 small reads (measured: 5x fewer requests per second).
  m_buffer.reserve(k_read_buffer_bytes);
  m_ctx.connections_open.fetch_add(1, std::memory_order_relaxed);
}

HttpSession::~HttpSession() {
  m_ctx.connections_open.fetch_sub(1, std::memory_order_relaxed);
  m_registry.remove(this);
}

void HttpSession::start() {
  asio::post(m_socket.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void HttpSession::shutdown() {
  asio::post(m_socket.get_executor(), [self = shared_from_this()] {
    self->m_closing = true;
    if (self->m_phase == Phase::idle) self->close();
  });
}

void HttpSession::force_close() {
  asio::post(m_socket.get_executor(), [self = shared_from_this()] { self->close(); });
}

// ---- reading a request ----

// Waits for the first byte of the next request. A new connection waits under the header timeout,
// counted from accept as nginx's client_header_timeout is (so 1,000 silent connections leave
// after it, not after the idle timeout); a keep-alive connection waits under the idle timeout.
// Either is closed without an answer, and either may be evicted for a newcomer meanwhile.
void HttpSession::wait_for_request() {
  m_phase = Phase::idle;
  m_have_request = false;
  m_timed_out = false;
  m_stages = {};
  m_image_storage.clear();
  m_device.clear();
  m_bytes_in = 0;
  if (m_closing || m_ctx.stopping()) return close();
  if (m_buffer.size() > 0) return read_header();  // a pipelined request is already here
  if (m_requests_read == 0) {
    arm_timer_until(m_accepted + m_ctx.options().header_timeout);
  } else {
    arm_timer(m_ctx.options().idle_timeout);
  }
  enter_idle();
  // A read, not async_wait(wait_read): Asio re-arms epoll (an epoll_ctl) for every wait but tries
  // a read at once and keeps the registration. What arrives goes into the buffer read_header
  // parses, so the first bytes are read once either way; end of stream closes, as before.
  auto space = m_buffer.prepare(std::max(m_buffer.capacity(), k_read_buffer_bytes) - m_buffer.size());
  m_socket.async_read_some(space, [self = shared_from_this()](beast::error_code ec, std::size_t n) {
    self->m_buffer.commit(n);
    if (!self->leave_idle() || ec || self->m_phase == Phase::closed) return self->close();
    self->read_header();
  });
}

void HttpSession::read_header() {
  m_phase = Phase::header;
  m_parser.emplace();
  m_parser->body_limit(m_ctx.options().max_body_bytes);
  // The first request's header is due header_timeout after accept, later ones after their first byte.
  if (m_requests_read == 0) {
    arm_timer_until(m_accepted + m_ctx.options().header_timeout);
  } else {
    arm_timer(m_ctx.options().header_timeout);
  }
  http::async_read_header(m_socket, m_buffer, *m_parser,
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->on_header(ec, n);
                          });
}

void HttpSession::on_header(beast::error_code ec, std::size_t bytes) {
  m_bytes_in += bytes;
  m_ctx.bytes_received.fetch_add(bytes, std::memory_order_relaxed);
  if (m_phase == Phase::closed) return;
  if (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
      ec == asio::error::eof) {
    return close();  // the client went away between requests
  }
  if (m_timed_out) return respond({408, R"({"error":"request header not received in time"})", true});
  // body_limit here: Content-Length already says it is too large.
  if (ec) return respond(parse_error_reply(ec));

  m_t_header = Clock::now();
  ++m_requests_read;
  m_have_request = true;
  m_request_id = m_ctx.next_request_id();
  m_ctx.requests.fetch_add(1, std::memory_order_relaxed);
  auto& req = m_parser->get();
  m_keep_alive = req.keep_alive();
  if (auto length = m_parser->content_length();
      length && *length > m_ctx.options().max_body_bytes) {
    return respond(parse_error_reply(http::error::body_limit));
  }
  if (m_parser->is_done()) return dispatch();
  if (beast::iequals(req[http::field::expect], "100-continue")) {
    // curl waits a second for this before sending a large body; uvicorn sends it too.
    m_phase = Phase::writing;
    auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    http::async_write(m_socket, *interim,
                      [self = shared_from_this(), interim](beast::error_code wec, std::size_t n) {
                        self->m_ctx.bytes_sent.fetch_add(n, std::memory_order_relaxed);
                        if (wec) return self->close();
                        self->read_body();
                      });
    return;
  }
  read_body();
}

void HttpSession::read_body() {
  m_phase = Phase::body;
  arm_timer(m_ctx.options().body_timeout);
  http::async_read(m_socket, m_buffer, *m_parser,
                   [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                     self->on_body(ec, n);
                   });
}

void HttpSession::on_body(beast::error_code ec, std::size_t bytes) {
  m_bytes_in += bytes;
  m_ctx.bytes_received.fetch_add(bytes, std::memory_order_relaxed);
  if (m_phase == Phase::closed) return;
  if (m_timed_out) return respond({408, R"({"error":"request body not received in time"})", true});
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec == asio::error::connection_reset || ec == asio::error::eof) {
    return close();  // the client gave up mid-body: nobody to answer
  }
  if (ec) return respond(parse_error_reply(ec));  // 413 for a chunked body over the limit
  dispatch();
}

// ---- timeouts ----

void HttpSession::arm_timer(Nanos timeout) { arm_timer_until(Clock::now() + timeout); }

void HttpSession::arm_timer_until(Clock::time_point deadline) {
  auto generation = ++m_timer_generation;
  m_timer.expires_at(deadline);
  m_timer.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    if (!ec) self->on_timeout(generation);
  });
}

void HttpSession::on_timeout(std::uint64_t generation) {
  // A timer that fired just as its operation completed belongs to an earlier phase: ignore it.
  if (generation != m_timer_generation || m_phase == Phase::closed) return;
  if (m_phase == Phase::idle || m_phase == Phase::writing) return close();
  if (m_phase == Phase::processing) return;  // our own work: not the client's fault
  m_timed_out = true;
  beast::error_code ignored;
  m_socket.cancel(ignored);  // the pending read completes with operation_aborted
}

// ---- answering ----

void HttpSession::respond(Reply reply) {
  if (m_phase == Phase::closed) return;
  m_phase = Phase::writing;
  if (m_have_request) m_stages.total = Clock::now() - m_t_header;
  build_response(m_response, std::move(reply), m_stages, m_have_request ? m_request_id : 0,
                 m_keep_alive && m_have_request && !m_closing && !m_ctx.stopping());
  arm_timer(m_ctx.options().body_timeout);  // a client that never reads does not pin us
  http::async_write(m_socket, m_response,
                    [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                      self->on_write(ec, n);
                    });
}

void HttpSession::on_write(beast::error_code ec, std::size_t bytes) {
  m_ctx.bytes_sent.fetch_add(bytes, std::memory_order_relaxed);
  int status = static_cast<int>(m_response.result_int());
  m_ctx.count_status(status);
  log_access(status, bytes);
  if (ec) return close();
  if (!m_response.keep_alive()) return close_after_draining();
  wait_for_request();
}

void HttpSession::log_access(int status, std::uint64_t bytes_out) {
  if (!m_ctx.logging()) return;
  AccessRecord r;
  r.request_id = m_request_id;
  r.client = m_client;
  if (m_have_request) {
    auto& req = m_parser->get();
    r.method = req.method_string();
    r.target = req.target();
    r.version = req.version();
  } else {
    r.method = "-";
    r.target = "-";
  }
  r.status = status;
  r.device = m_device;
  r.bytes_in = m_bytes_in;
  r.bytes_out = bytes_out;
  r.stages = m_stages;
  m_ctx.log(m_ctx.options().log_format == LogFormat::jsonl ? jsonl_access_line(r, unix_seconds_now())
                                                           : uvicorn_access_line(r));
}

// After an error answer the client may still be sending the body we refused; closing with
// unread data would reset the connection and could destroy our answer before it is read.
void HttpSession::close_after_draining() {
  beast::error_code ignored;
  m_socket.shutdown(tcp::socket::shutdown_send, ignored);
  m_phase = Phase::idle;  // a timeout now just closes
  arm_timer(std::chrono::seconds(2));
  drain_some();
}

void HttpSession::drain_some() {
  m_socket.async_read_some(asio::buffer(m_scratch),
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec || self->m_phase == Phase::closed) return self->close();
                             self->drain_some();
                           });
}

void HttpSession::close() {
  if (m_phase == Phase::closed) return;
  m_phase = Phase::closed;
  ++m_timer_generation;
  m_timer.cancel();
  beast::error_code ignored;
  m_socket.shutdown(tcp::socket::shutdown_both, ignored);
  m_socket.close(ignored);
}

}  // namespace latbench::server
