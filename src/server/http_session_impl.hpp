#pragma once
// The HttpSession class, shared by http_session.cpp (the connection's I/O state machine) and
// http_endpoints.cpp (what each endpoint answers). Internal to src/server.
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/http_session.hpp"
#include "server/processing_model.hpp"
#include "server/request_handler.hpp"
#include "server/server_context.hpp"
#include "server/server_timing.hpp"

namespace latbench::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Per-connection read buffer: 1,000 idle connections hold 64 MB.
inline constexpr std::size_t k_read_buffer_bytes = 64 * 1024;

class HttpSession : public ServedConnection, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, ServerContext& ctx, SessionRegistry& registry);
  ~HttpSession() override;
  void start();
  void shutdown() override;     // close after the current request (now when idle)
  void force_close() override;  // close now

 private:
  enum class Phase { idle, header, body, processing, writing, closed };

  // I/O state machine (http_session.cpp).
  void wait_for_request();
  void read_header();
  void on_header(beast::error_code ec, std::size_t bytes);
  void read_body();
  void on_body(beast::error_code ec, std::size_t bytes);
  void arm_timer(Nanos timeout);
  void arm_timer_until(Clock::time_point deadline);
  void on_timeout(std::uint64_t generation);
  // A reply's drop_reason goes out as X-Drop-Reason so clients can tell load shedding from a
  // server error without parsing the body.
  void respond(Reply reply);
  void on_write(beast::error_code ec, std::size_t bytes);
  void close_after_draining();
  void drain_some();
  void close();
  void log_access(int status, std::uint64_t bytes_out);

  // Endpoints (http_endpoints.cpp).
  void dispatch();
  void upgrade_to_frames();
  void upgrade_to_stream();
  void handle_upload();
  void process_sync(std::string_view image);
  void process_async(std::string_view image);
  void complete_upload(const ProcessedTimes& times, Nanos queue, const std::optional<Error>& failure);

  tcp::socket m_socket;  // its executor is this connection's strand
  asio::steady_timer m_timer;
  std::uint64_t m_timer_generation = 0;
  beast::flat_buffer m_buffer;
  std::optional<http::request_parser<RequestBody>> m_parser;
  Response m_response;
  ServerContext& m_ctx;
  SessionRegistry& m_registry;
  std::string m_client;  // "127.0.0.1:56071"

  Phase m_phase = Phase::idle;
  bool m_timed_out = false;
  bool m_closing = false;
  bool m_have_request = false;  // a header was parsed for the current request
  bool m_keep_alive = false;
  std::uint64_t m_request_id = 0;
  std::uint64_t m_requests_read = 0;  // headers parsed on this connection
  Clock::time_point m_accepted = Clock::now();
  std::uint64_t m_bytes_in = 0;
  Clock::time_point m_t_header{};
  StageTimes m_stages;
  std::string m_image_storage;  // decoded base64 image
  std::string m_device;
  std::array<char, 4096> m_scratch{};  // discarded bytes after an error answer
};

}  // namespace latbench::server
