// How a session answers a request: the endpoints themselves are request_handler.cpp; here are
// the parts that need the connection (uploads on the model slots, answering later).
#include <boost/asio/post.hpp>

#include "core/wall_time.hpp"
#include "server/access_log.hpp"
#include "server/http_session_impl.hpp"
#include "server/routes.hpp"
#include "server/stream_session.hpp"
#include "server/ws_session.hpp"

namespace latbench::server {
namespace {

void log_processed(ServerContext& ctx, std::uint64_t request_id, const ProcessedTimes& t,
                   Nanos queue) {
  if (!ctx.logging()) return;
  ctx.log(ctx.options().log_format == LogFormat::jsonl
              ? jsonl_processed_line(request_id, t, queue, unix_seconds_now())
              : ultralytics_speed_line(t));
}

}  // namespace

void HttpSession::dispatch() {
  m_phase = Phase::processing;
  ++m_timer_generation;  // reading is over; our own work has no client timeout
  m_timer.cancel();
  auto& req = m_parser->get();
  const Endpoint endpoint = route_request(req.method_string(), req.target()).endpoint;
  if ((endpoint == Endpoint::ws_frames || endpoint == Endpoint::ws_stream) && req.method() == http::verb::get &&
      is_websocket_upgrade(req))
    return endpoint == Endpoint::ws_frames ? upgrade_to_frames() : upgrade_to_stream();
  if (auto reply = answer_unless_upload(m_ctx, req)) return respond(std::move(*reply));
  handle_upload();
}

// The socket leaves this session for a frames session; this one ends without closing it.
void HttpSession::upgrade_to_frames() {
  m_phase = Phase::closed;
  start_ws_frames_session(std::move(m_socket), m_parser->release(), m_ctx, m_registry, m_client,
                          m_request_id);
}

// The same for a /ws/stream viewer.
void HttpSession::upgrade_to_stream() {
  m_phase = Phase::closed;
  start_ws_stream_session(std::move(m_socket), m_parser->release(), m_ctx, m_registry, m_client, m_request_id);
}

void HttpSession::handle_upload() {
  auto& req = m_parser->get();
  m_device = std::string(req["X-Device-Id"]);
  auto checked = check_upload(m_ctx, req, m_image_storage);
  if (checked.refused) return respond(std::move(*checked.refused));
  m_stages.recv = Clock::now() - m_t_header;
  if (m_ctx.options().mode == Mode::sync) return process_sync(checked.image);
  process_async(checked.image);
}

// Sync: the answer waits for a model slot and the processing, as in a plain FastAPI handler.
void HttpSession::process_sync(std::string_view image) {
  if (m_ctx.options().processing.workers == 0) {
    try {
      auto times = m_ctx.model().process(image);
      return complete_upload(times, Nanos(0), {});
    } catch (const Error& e) {
      return complete_upload({}, Nanos(0), e);
    }
  }
  auto enqueued = Clock::now();
  // The session (and so `image`, a view into its request or storage) lives until the answer.
  bool queued = m_ctx.pool().submit([self = shared_from_this(), image, enqueued] {
    Nanos queue = Clock::now() - enqueued;
    ProcessedTimes times;
    std::optional<Error> failure;
    try {
      times = self->m_ctx.model().process(image);
    } catch (const Error& e) {
      failure = e;
    }
    asio::post(self->m_socket.get_executor(), [self, times, queue, failure = std::move(failure)] {
      self->complete_upload(times, queue, failure);
    });
  });
  if (!queued) respond({503, error_json("server is shutting down"), true});
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
                  } catch (const Error& e) {
                    // The header was checked before queueing and the answer has left: a corrupt
                    // scan can only be counted.
                    if (e.kind() == ErrorKind::input)
                      ctx->undecodable.fetch_add(1, std::memory_order_relaxed);
                  }
                });
  if (!queued) {
    m_ctx.dropped.fetch_add(1, std::memory_order_relaxed);
    return respond({503, upload_answer(m_ctx, m_request_id, m_device, "dropped"), false, "queue full"});
  }
  respond({200, upload_answer(m_ctx, m_request_id, m_device, "queued")});
}

void HttpSession::complete_upload(const ProcessedTimes& times, Nanos queue,
                                  const std::optional<Error>& failure) {
  if (m_phase == Phase::closed) return;
  m_stages.queue = queue;
  m_stages.decode = times.decode;
  m_stages.infer = times.infer_with_warmup();
  m_stages.post = times.post;
  if (failure) return respond(processing_failed_reply(m_ctx, *failure));
  m_ctx.processed.fetch_add(1, std::memory_order_relaxed);
  log_processed(m_ctx, m_request_id, times, queue);
  respond({200, upload_answer(m_ctx, m_request_id, m_device, "processed")});
}

}  // namespace latbench::server
