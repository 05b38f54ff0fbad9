#include "server/stream_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "core/wall_time.hpp"
#include "server/access_log.hpp"
#include "server/server_context.hpp"
#include "server/stream_hub.hpp"
#include "server/stream_log.hpp"
#include "server/ws_log.hpp"

namespace latbench::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// A viewer only ever sends a subscribe message or a close: anything larger is abuse.
constexpr std::size_t k_max_viewer_message = 64u << 10;

class StreamSession : public ServedConnection, public std::enable_shared_from_this<StreamSession> {
 public:
  StreamSession(tcp::socket socket, ServerContext& ctx, SessionRegistry& registry, std::string client,
                std::uint64_t id, std::string path)
      : m_ws(std::move(socket)), m_write_timer(m_ws.get_executor()), m_ctx(ctx), m_registry(registry),
        m_client(std::move(client)), m_path(std::move(path)), m_id(id) {
    m_ctx.connections_open.fetch_add(1, std::memory_order_relaxed);
  }

  ~StreamSession() override {
    leave("session ended");
    m_ctx.connections_open.fetch_sub(1, std::memory_order_relaxed);
    m_registry.remove(this);
  }

  void start(Request upgrade);
  void shutdown() override {
    asio::post(m_ws.get_executor(), [self = shared_from_this()] {
      self->m_stopping = true;
      self->close_when_idle();
    });
  }
  void force_close() override {
    asio::post(m_ws.get_executor(), [self = shared_from_this()] { self->cut("closed by the server"); });
  }

 private:
  void on_accept(beast::error_code ec);
  void read_next();
  void on_read(beast::error_code ec, std::size_t bytes);
  void write_next();
  void on_write(beast::error_code ec, std::size_t bytes);
  void close_when_idle();
  void cut(std::string why);
  void leave(std::string_view why);
  bool over() const { return m_cut || m_left; }

  websocket::stream<tcp::socket> m_ws;  // its executor is this session's strand
  beast::flat_buffer m_in;
  asio::steady_timer m_write_timer;
  ServerContext& m_ctx;
  SessionRegistry& m_registry;
  std::string m_client;
  std::string m_path;
  std::uint64_t m_id;
  std::shared_ptr<ViewerChannel> m_viewer;
  std::shared_ptr<const StreamFrame> m_frame;  // being written
  Clock::time_point m_write_began{};

  bool m_accepted = false;
  bool m_closing = false;   // our close frame is on its way
  bool m_stopping = false;  // the server stops: close after the write in progress
  bool m_cut = false;
  bool m_left = false;      // detached from the hub (counted, logged)
};

void StreamSession::start(Request upgrade) {
  const auto& o = m_ctx.options();
  m_ws.read_message_max(k_max_viewer_message);
  m_ws.auto_fragment(false);  // one frame per message, as the users' servers send
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = o.body_timeout;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  m_ws.set_option(timeouts);
  m_ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "latbench"); }));
  auto req = std::make_shared<Request>(std::move(upgrade));
  m_ws.async_accept(*req, [self = shared_from_this(), req](beast::error_code ec) { self->on_accept(ec); });
}

void StreamSession::on_accept(beast::error_code ec) {
  if (ec) {
    m_ctx.count_status(400);  // Beast answered the bad handshake itself, or the client left
    m_cut = true;
    m_left = true;
    beast::error_code ignored;
    beast::get_lowest_layer(m_ws).close(ignored);
    return;
  }
  m_accepted = true;
  m_ctx.count_status(101);
  if (m_ctx.logging() && m_ctx.options().log_format == LogFormat::uvicorn) {
    m_ctx.log(uvicorn_ws_accepted_line(m_client, m_path));
    m_ctx.log(uvicorn_ws_open_line());
  } else if (m_ctx.logging()) {
    m_ctx.log(jsonl_ws_open_line(m_id, m_client, m_path, unix_seconds_now()));
  }
  std::weak_ptr<StreamSession> weak = shared_from_this();
  try {
    m_viewer = m_ctx.stream().attach(m_id, m_client, [weak, executor = m_ws.get_executor()] {
      asio::post(executor, [weak] {
        if (auto self = weak.lock()) self->write_next();
      });
    });
  } catch (const Error& e) {
    m_left = true;
    m_ctx.log(fmt::format("ERROR:    /ws/stream: {}", e.what()));
    m_closing = true;
    m_ws.async_close(websocket::close_reason(websocket::close_code::internal_error, "camera unavailable"),
                     [self = shared_from_this()](beast::error_code) {});
    return;
  }
  if (m_viewer->closed) {  // the server is stopping
    m_left = true;
    m_stopping = true;
  }
  read_next();
  write_next();
  close_when_idle();
}

void StreamSession::read_next() {
  m_ws.async_read(m_in, [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

void StreamSession::on_read(beast::error_code ec, std::size_t bytes) {
  m_ctx.bytes_received.fetch_add(bytes, std::memory_order_relaxed);
  if (ec) {
    if (ec == websocket::error::closed) leave("client closed");
    else if (ec == websocket::error::message_too_big) leave("message too big");
    else if (ec == websocket::condition::protocol_violation) leave("protocol error: " + ec.message());
    else if (!m_closing) leave("connection lost: " + ec.message());
    else leave("server shutting down");
    if (ec != websocket::error::closed && !m_closing) cut("read failed");
    return;
  }
  // A subscribe message (or any other): the stream started at the upgrade; noted and ignored.
  if (m_ctx.logging()) {
    m_ctx.log(stream_message_line(m_ctx.options().log_format, {m_id, m_client},
                                  beast::buffers_to_string(m_in.data()), unix_seconds_now()));
  }
  m_in.consume(m_in.size());
  read_next();
}

void StreamSession::write_next() {
  if (m_frame || m_closing || over() || m_stopping || !m_viewer) return;
  m_frame = m_ctx.stream().take(*m_viewer);
  if (!m_frame) return;
  m_ws.text(m_frame->kind == frames::MessageKind::text);
  m_write_began = Clock::now();
  // A viewer that stops reading must not pin the producer (block) or its queue: cut after
  // body_timeout.
  m_write_timer.expires_after(m_ctx.options().body_timeout);
  m_write_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec && self->m_frame) self->cut("frame not read in time");
  });
  m_ws.async_write(asio::buffer(m_frame->message),
                   [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_write(ec, n); });
}

void StreamSession::on_write(beast::error_code ec, std::size_t bytes) {
  m_write_timer.cancel();
  m_ctx.bytes_sent.fetch_add(bytes, std::memory_order_relaxed);
  auto frame = std::move(m_frame);
  if (over()) return;
  if (ec) return cut("write failed: " + ec.message());
  m_ctx.stream().sent(*m_viewer, *frame, m_write_began);
  write_next();
  close_when_idle();
}

// A stopping server closes the viewer (1001) once no write is in progress.
void StreamSession::close_when_idle() {
  if (!m_stopping || m_frame || m_closing || m_cut || !m_accepted) return;
  leave("server shutting down");
  m_closing = true;
  m_ws.async_close(websocket::close_reason(websocket::close_code::going_away, "server shutting down"),
                   [self = shared_from_this()](beast::error_code ec) {
                     if (ec) self->cut("close failed");
                   });
}

void StreamSession::cut(std::string why) {
  if (m_cut) return;
  leave(why);
  m_cut = true;
  m_write_timer.cancel();
  beast::error_code ignored;
  beast::get_lowest_layer(m_ws).shutdown(tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(m_ws).close(ignored);
}

// Once per viewer: the hub forgets it (a producer blocked on it goes on), counted and logged.
void StreamSession::leave(std::string_view why) {
  if (m_left) return;
  m_left = true;
  if (m_viewer) m_ctx.stream().detach(*m_viewer, why);
  if (m_accepted && m_ctx.logging() && m_ctx.options().log_format == LogFormat::uvicorn)
    m_ctx.log(uvicorn_ws_closed_line());
}

}  // namespace

void start_ws_stream_session(tcp::socket socket, Request upgrade, ServerContext& ctx, SessionRegistry& registry,
                             std::string client, std::uint64_t viewer_id) {
  std::string path(upgrade.target().substr(0, upgrade.target().find('?')));
  auto session = std::make_shared<StreamSession>(std::move(socket), ctx, registry, std::move(client), viewer_id,
                                                 std::move(path));
  registry.add(session);
  session->start(std::move(upgrade));
}

}  // namespace latbench::server
