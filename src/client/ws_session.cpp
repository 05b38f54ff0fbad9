#include "client/ws_session.hpp"

#include <deque>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace latbench::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using samples::ErrorClass;

class WsTlsContext {
 public:
  explicit WsTlsContext(const TlsOptions& tls) : m_ctx(ssl::context::tls_client), m_verify(tls.peer == PeerCheck::verify) {
    if (!m_verify) {
      m_ctx.set_verify_mode(ssl::verify_none);
      return;
    }
    m_ctx.set_verify_mode(ssl::verify_peer);
    beast::error_code ec;
    if (tls.ca_file.empty()) {
      m_ctx.set_default_verify_paths(ec);
    } else {
      m_ctx.load_verify_file(tls.ca_file.string(), ec);
      if (ec) throw input_error(fmt::format("{}: cannot use as CA certificates: {}", tls.ca_file.string(), ec.message()));
    }
  }
  ssl::context& context() { return m_ctx; }
  bool verify() const { return m_verify; }

 private:
  ssl::context m_ctx;
  bool m_verify;
};

std::shared_ptr<WsTlsContext> make_ws_tls_context(const TlsOptions& tls) { return std::make_shared<WsTlsContext>(tls); }

namespace {

ErrorClass open_error_class(const beast::error_code& ec, bool tls_step) {
  if (ec == asio::error::connection_refused) return ErrorClass::refused;
  if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
      ec == asio::error::no_data || ec.category() == asio::error::get_netdb_category() ||
      ec.category() == asio::error::get_addrinfo_category())
    return ErrorClass::dns;
  if (ec == asio::error::connection_reset) return ErrorClass::reset;
  if (tls_step) {
    if (ec.category() == asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_CERTIFICATE_VERIFY_FAILED)
      return ErrorClass::certificate;
    return ErrorClass::tls_handshake;
  }
  return ErrorClass::protocol;  // the upgrade: not a WebSocket server, or it said no
}

// Plain or TLS: the layers below the websocket stream.
template <class Stream>
struct Layers;

template <>
struct Layers<beast::tcp_stream> {
  static websocket::stream<beast::tcp_stream> make(asio::io_context& io, WsTlsContext*) {
    return websocket::stream<beast::tcp_stream>(io);
  }
};

template <>
struct Layers<beast::ssl_stream<beast::tcp_stream>> {
  static websocket::stream<beast::ssl_stream<beast::tcp_stream>> make(asio::io_context& io, WsTlsContext* tls) {
    return websocket::stream<beast::ssl_stream<beast::tcp_stream>>(io, tls->context());
  }
};

template <class Stream>
class Session final : public WsSession, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(asio::io_context& io, const WsTarget& target, std::shared_ptr<WsTlsContext> tls,
          std::size_t max_message, std::uint64_t id, WsSessionEvents& events)
      : m_resolver(io), m_ws(Layers<Stream>::make(io, tls.get())), m_target(target), m_tls(std::move(tls)),
        m_id(id), m_events(events) {
    m_ws.read_message_max(max_message);
    m_ws.auto_fragment(false);  // one frame per message, so its framing is known (ws_frame_overhead)
  }

  // Handlers hold the session (shared_from_this) until they ran, so its stream and buffer outlive
  // every operation; after discard() they return at once.
  void discard() override {
    m_dead = true;
    m_resolver.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(m_ws).socket().close(ignored);
  }

  void open() override {
    m_times.begin = WsClock::now();
    auto self = this->shared_from_this();
    m_resolver.async_resolve(m_target.host, std::to_string(m_target.port),
                             [this, self](beast::error_code ec, tcp::resolver::results_type results) {
                               if (m_dead || m_failed) return;  // discarded, or failed or closed meanwhile
                               if (ec) return fail(open_error_class(ec, false), "resolve: " + ec.message());
                               m_times.resolved = WsClock::now();
                               connect(results);
                             });
  }

  void send(std::string bytes, frames::MessageKind kind, std::uint64_t token) override {
    m_queue.push_back({std::move(bytes), kind, token});
    if (m_open && !m_writing) write_next();
  }

  void close() override {
    if (m_failed || m_closing) return;
    m_closing = true;
    m_queue.clear();
    if (!m_open) return finish_close();
    auto self = this->shared_from_this();
    m_ws.async_close(websocket::close_code::normal, [this, self](beast::error_code) {
      if (!m_dead) finish_close();
    });
  }

  const WsOpenTimes& times() const override { return m_times; }
  bool tcp_connected() const override { return m_times.connected.has_value(); }

 private:
  struct Outgoing {
    std::string bytes;
    frames::MessageKind kind;
    std::uint64_t token;
  };

  void connect(const tcp::resolver::results_type& results) {
    auto self = this->shared_from_this();
    beast::get_lowest_layer(m_ws).async_connect(results, [this, self](beast::error_code ec, const tcp::endpoint&) {
      if (m_dead || m_failed) return;
      if (ec) return fail(open_error_class(ec, false), "connect: " + ec.message());
      m_times.connected = WsClock::now();
      beast::error_code ignored;
      beast::get_lowest_layer(m_ws).socket().set_option(tcp::no_delay(true), ignored);
      secure();
    });
  }

  void secure() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      upgrade();
    } else {
      SSL* native = m_ws.next_layer().native_handle();
      // SNI, and the name the certificate must carry (not for an IP literal's SNI, by RFC 6066).
      beast::error_code ignored;
      asio::ip::make_address(m_target.host, ignored);
      // SSL_set_tlsext_host_name is a macro with a C cast: its call, written out.
      if (ignored) SSL_ctrl(native, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(m_target.host.c_str()));
      if (m_tls->verify()) m_ws.next_layer().set_verify_callback(ssl::host_name_verification(m_target.host));
      auto self = this->shared_from_this();
      m_ws.next_layer().async_handshake(ssl::stream_base::client, [this, self](beast::error_code ec) {
        if (m_dead || m_failed) return;  // discarded, or failed or closed meanwhile
        if (ec) return fail(open_error_class(ec, true), "TLS handshake: " + ec.message());
        m_times.tls_done = WsClock::now();
        upgrade();
      });
    }
  }

  void upgrade() {
    auto self = this->shared_from_this();
    m_ws.async_handshake(m_response, m_target.host_header(), m_target.target, [this, self](beast::error_code ec) {
      if (m_dead || m_failed) return;
      if (ec) {
        const std::string detail = m_response.result_int() != 0 && m_response.result_int() != 101
                                       ? fmt::format("upgrade refused: HTTP {}", m_response.result_int())
                                       : "upgrade: " + ec.message();
        return fail(open_error_class(ec, false), detail);
      }
      m_times.upgraded = WsClock::now();
      m_open = true;
      m_events.on_open(m_id);
      if (m_dead || m_failed) return;
      read_next();
      if (!m_writing && !m_queue.empty()) write_next();
    });
  }

  void write_next() {
    if (m_queue.empty() || m_failed || m_closing) {
      m_writing = false;
      return;
    }
    m_writing = true;
    Outgoing& out = m_queue.front();
    m_ws.binary(out.kind == frames::MessageKind::binary);
    auto self = this->shared_from_this();
    m_ws.async_write(asio::buffer(out.bytes), [this, self](beast::error_code ec, std::size_t n) {
      if (m_dead || m_failed) return;
      if (ec) return fail_io(ec, "write");
      const std::uint64_t token = m_queue.front().token;
      m_queue.pop_front();
      m_events.on_sent(m_id, token, n + ws_frame_overhead(n, true));
      if (m_dead || m_failed) return;
      write_next();
    });
  }

  void read_next() {
    auto self = this->shared_from_this();
    m_ws.async_read(m_buffer, [this, self](beast::error_code ec, std::size_t n) {
      if (m_dead || m_failed) return;
      if (ec) return fail_io(ec, "read");
      const auto data = m_buffer.data();
      const std::string_view view(static_cast<const char*>(data.data()), data.size());
      const auto kind = m_ws.got_text() ? frames::MessageKind::text : frames::MessageKind::binary;
      m_events.on_message(m_id, view, kind, n + ws_frame_overhead(n, false));
      if (m_dead || m_failed) return;
      m_buffer.consume(m_buffer.size());
      read_next();
    });
  }

  void fail_io(const beast::error_code& ec, const char* what) {
    if (m_closing) return finish_close();
    if (ec == websocket::error::message_too_big)
      return fail(ErrorClass::protocol, fmt::format("{}: a message above the maximum of {} bytes", what, m_ws.read_message_max()));
    if (ec == websocket::error::closed) {
      const auto& reason = m_ws.reason();
      return fail(ErrorClass::closed, fmt::format("the server closed the session (code {}{}{})", reason.code,
                                                   reason.reason.empty() ? "" : ": ", std::string(reason.reason)));
    }
    if (ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
        ec == beast::error::timeout || ec == asio::error::connection_aborted || ec == ssl::error::stream_truncated)
      return fail(ErrorClass::closed, fmt::format("{}: the connection ended ({})", what, ec.message()));
    return fail(ErrorClass::protocol, fmt::format("{}: {}", what, ec.message()));
  }

  void fail(ErrorClass error, const std::string& detail) {
    if (m_failed) return;
    m_failed = true;
    m_open = false;
    m_queue.clear();
    beast::error_code ignored;
    beast::get_lowest_layer(m_ws).socket().close(ignored);
    m_events.on_failed(m_id, error, detail);
  }

  void finish_close() {
    if (m_failed) return;
    m_failed = true;
    beast::error_code ignored;
    beast::get_lowest_layer(m_ws).socket().close(ignored);
    m_events.on_closed(m_id);
  }

  tcp::resolver m_resolver;
  websocket::stream<Stream> m_ws;
  WsTarget m_target;
  std::shared_ptr<WsTlsContext> m_tls;
  std::uint64_t m_id;
  WsSessionEvents& m_events;
  websocket::response_type m_response;
  beast::flat_buffer m_buffer;
  std::deque<Outgoing> m_queue;
  WsOpenTimes m_times;
  bool m_open = false, m_writing = false, m_failed = false, m_closing = false, m_dead = false;
};

}  // namespace

std::shared_ptr<WsSession> make_ws_session(asio::io_context& io, const WsTarget& target,
                                           const std::shared_ptr<WsTlsContext>& tls,
                                           std::size_t max_message, std::uint64_t id,
                                           WsSessionEvents& events) {
  if (target.scheme == WsScheme::wss)
    return std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(io, target, tls, max_message, id, events);
  return std::make_shared<Session<beast::tcp_stream>>(io, target, tls, max_message, id, events);
}

}  // namespace latbench::client
