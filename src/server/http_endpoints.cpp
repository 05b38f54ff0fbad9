// What each endpoint of the reference server answers. The I/O around it is http_session.cpp.
#include <boost/asio/post.hpp>

#include <fmt/format.h>

#include "server/access_log.hpp"
#include "server/http_session_impl.hpp"
#include "server/routes.hpp"
#include "server/upload_body.hpp"

namespace latbench::server {
namespace {

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void log_processed(ServerContext& ctx, std::uint64_t request_id, const ProcessedTimes& t,
                   Nanos queue) {
  if (!ctx.logging()) return;
  ctx.log(ctx.options().log_format == LogFormat::jsonl
              ? jsonl_processed_line(request_id, t, queue, unix_now())
              : ultralytics_speed_line(t));
}

}  // namespace

void HttpSession::dispatch() {
  m_phase = Phase::processing;
  ++m_timer_generation;  // reading is over; our own work has no client timeout
  m_timer.cancel();
  auto& req = m_parser->get();
  Route route = route_request(req.method_string(), req.target());
  if (route.endpoint == Endpoint::not_found) return respond(404, error_json("no such endpoint"));
  if (!route.method_allowed) return respond(405, error_json("method not allowed"));
  switch (route.endpoint) {
    case Endpoint::upload: return handle_upload();
    case Endpoint::commands: return handle_commands(route.device);
    case Endpoint::healthz: return respond(200, R"({"status":"ok"})");
    case Endpoint::stats: return respond(200, m_ctx.stats_json());
    case Endpoint::not_found: break;
  }
  respond(404, error_json("no such endpoint"));
}

void HttpSession::handle_upload() {
  auto& req = m_parser->get();
  m_device = std::string(req["X-Device-Id"]);
  auto image = extract_image(req[http::field::content_type], req.body(), m_image_storage);
  if (!image) return respond(400, error_json(image.error().what()));
  if (m_ctx.options().processing.decode != DecodeMode::none) {
    if (auto shape = jpeg_shape(*image); !shape) return respond(400, error_json(shape.error().what()));
  }
  m_stages.recv = Clock::now() - m_t_header;
  if (m_ctx.options().mode == Mode::sync) return process_sync(*image);
  process_async(*image);
}

// Sync: the answer waits for a model slot and the processing, as in a plain FastAPI handler.
void HttpSession::process_sync(std::string_view image) {
  if (m_ctx.options().processing.workers == 0) {
    try {
      auto times = m_ctx.model().process(image);
      return complete_upload(times, Nanos(0), false, {});
    } catch (const Error& e) {
      return complete_upload({}, Nanos(0), true, e.what());
    }
  }
  auto enqueued = Clock::now();
  // The session (and so `image`, a view into its request or storage) lives until the answer.
  bool queued = m_ctx.pool().submit([self = shared_from_this(), image, enqueued] {
    Nanos queue = Clock::now() - enqueued;
    ProcessedTimes times;
    bool failed = false;
    std::string why;
    try {
      times = self->m_ctx.model().process(image);
    } catch (const Error& e) {
      failed = true;
      why = e.what();
    }
    asio::post(self->m_socket.get_executor(), [self, times, queue, failed, why = std::move(why)] {
      self->complete_upload(times, queue, failed, why);
    });
  });
  if (!queued) respond(503, error_json("server is shutting down"), true);
}

// Async: answer at once; the image waits in the bounded queue, or is dropped when it is full.
void HttpSession::process_async(std::string_view image) {
  auto enqueued = Clock::now();
  ServerContext* ctx = &m_ctx;
  auto id = m_request_id;
  bool queued = m_ctx.options().processing.workers > 0 &&
                m_ctx.pool().try_submit([ctx, id, enqueued, copy = std::string(image)] {
                  Nanos queue = Clock::now() - enqueued;
                  try {
                    auto times = ctx->model().process(copy);
                    ctx->processed.fetch_add(1, std::memory_order_relaxed);
                    log_processed(*ctx, id, times, queue);
                  } catch (const Error&) {
                    // The header was checked before queueing; a corrupt scan is the client's
                    // problem and nobody is left to tell.
                  }
                });
  if (!queued) {
    m_ctx.dropped.fetch_add(1, std::memory_order_relaxed);
    return respond(503, upload_answer("dropped"), false, "queue full");
  }
  respond(200, upload_answer("queued"));
}

void HttpSession::complete_upload(const ProcessedTimes& times, Nanos queue, bool failed,
                                  std::string why) {
  if (m_phase == Phase::closed) return;
  m_stages.queue = queue;
  m_stages.decode = times.decode;
  m_stages.infer = times.infer;
  m_stages.post = times.post;
  if (failed) return respond(400, error_json(why));
  m_ctx.processed.fetch_add(1, std::memory_order_relaxed);
  log_processed(m_ctx, m_request_id, times, queue);
  respond(200, upload_answer("processed"));
}

// {"request_id":7,"status":"processed","commands":[...]}: pending commands leave with any answer
// the device gets, like the users' servers that piggyback commands on the upload response.
std::string HttpSession::upload_answer(std::string_view status) {
  std::string commands;
  for (auto& c : m_ctx.commands().take(m_device)) {
    if (!commands.empty()) commands += ',';
    commands += c;
  }
  return fmt::format(R"({{"request_id":{},"status":"{}","commands":[{}]}})", m_request_id, status,
                     commands);
}

void HttpSession::handle_commands(std::string_view device) {
  auto doc = nlohmann::json::parse(m_parser->get().body(), nullptr, false);
  if (doc.is_discarded())
    return respond(400, error_json("commands body must be JSON (a value or an array of values)"));
  std::vector<std::string> commands;
  if (doc.is_array()) {
    for (auto& c : doc) commands.push_back(c.dump());
  } else {
    commands.push_back(doc.dump());
  }
  auto n = commands.size();
  if (!m_ctx.commands().push(device, std::move(commands)))
    return respond(429, error_json("too many pending commands"));
  respond(202, fmt::format(R"({{"queued":{},"pending":{}}})", n, m_ctx.commands().pending(device)));
}

}  // namespace latbench::server
