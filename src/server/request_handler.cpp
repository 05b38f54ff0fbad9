#include "server/request_handler.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <vector>

#include "core/json_depth.hpp"
#include "server/routes.hpp"
#include "server/upload_body.hpp"

namespace latbench::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

Reply undecodable(ServerContext& ctx, std::string why) {
  ctx.undecodable.fetch_add(1, std::memory_order_relaxed);
  return {422, error_json(why)};
}

Reply commands_reply(ServerContext& ctx, std::string_view device, std::string_view body) {
  // Before parsing: nlohmann parses 10^6 levels fine, then dump() recurses once per level.
  if (auto at = json_too_deep_at(body))
    return {400, error_json("commands body: " + json_too_deep_message(*at))};
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return {400, error_json("commands body must be JSON (a value or an array of values)")};
  std::vector<std::string> commands;
  if (doc.is_array()) {
    for (auto& c : doc) commands.push_back(c.dump());
  } else {
    commands.push_back(doc.dump());
  }
  auto n = commands.size();
  if (!ctx.commands().push(device, std::move(commands)))
    return {429, error_json("too many pending commands")};
  return {202, fmt::format(R"({{"queued":{},"pending":{}}})", n, ctx.commands().pending(device))};
}

}  // namespace

std::string error_json(std::string_view why) { return nlohmann::json{{"error", why}}.dump(); }

Reply parse_error_reply(beast::error_code ec) {
  if (ec == http::error::body_limit) return {413, R"({"error":"body larger than --max-body"})", true};
  if (ec == http::error::header_limit) return {431, R"({"error":"request header too large"})", true};
  return {400, error_json(ec.message()), true};
}

std::optional<Reply> answer_unless_upload(ServerContext& ctx, const Request& req) {
  Route route = route_request(req.method_string(), req.target());
  if (route.endpoint == Endpoint::not_found) return Reply{404, error_json("no such endpoint")};
  if (!route.method_allowed) return Reply{405, error_json("method not allowed")};
  switch (route.endpoint) {
    case Endpoint::upload: return std::nullopt;
    case Endpoint::commands: return commands_reply(ctx, route.device, req.body());
    case Endpoint::healthz: return Reply{200, R"({"status":"ok"})"};
    case Endpoint::stats: return Reply{200, ctx.stats_json()};
    // An upgrade never gets here (the session hands it to a frames session).
    case Endpoint::ws_frames:
      return Reply{426, error_json("/ws/frames is a WebSocket endpoint: send a WebSocket upgrade")};
    case Endpoint::ws_stream:
      return Reply{426, error_json("/ws/stream is a WebSocket endpoint: send a WebSocket upgrade")};
    case Endpoint::not_found: break;
  }
  return Reply{404, error_json("no such endpoint")};
}

CheckedUpload check_upload(ServerContext& ctx, const Request& req, std::string& storage) {
  CheckedUpload out;
  auto image = extract_image(req[http::field::content_type], req.body(), storage);
  if (!image) {
    out.refused = Reply{400, error_json(image.error().what())};
    return out;
  }
  if (ctx.options().processing.decode != DecodeMode::none) {
    if (auto shape = jpeg_shape(*image); !shape) {
      out.refused = shape.error().kind() == ErrorKind::input
                        ? undecodable(ctx, shape.error().what())
                        : Reply{500, error_json(shape.error().what())};
      return out;
    }
  }
  out.image = *image;
  return out;
}

Reply processing_failed_reply(ServerContext& ctx, const Error& error) {
  if (error.kind() == ErrorKind::input) return undecodable(ctx, error.what());
  return {500, error_json(error.what())};
}

std::string upload_answer(ServerContext& ctx, std::uint64_t request_id, std::string_view device,
                          std::string_view status) {
  std::string commands;
  for (auto& c : ctx.commands().take(device)) {
    if (!commands.empty()) commands += ',';
    commands += c;
  }
  return fmt::format(R"({{"request_id":{},"status":"{}","commands":[{}]}})", request_id, status,
                     commands);
}

void build_response(Response& out, Reply reply, const StageTimes& stages, std::uint64_t request_id,
                    bool keep_alive) {
  out = {};
  out.result(static_cast<unsigned>(reply.status));
  out.version(11);
  out.set(http::field::server, "latbench");
  out.set(http::field::content_type, "application/json");
  out.set("Server-Timing", format_server_timing(stages));
  if (request_id != 0) out.set("X-Request-Id", std::to_string(request_id));
  if (!reply.drop_reason.empty()) out.set("X-Drop-Reason", reply.drop_reason);
  out.body() = std::move(reply.body);
  out.keep_alive(keep_alive && !reply.close);
  out.prepare_payload();
}

std::string handle_request_bytes(ServerContext& ctx, std::string_view bytes) {
  http::request_parser<RequestBody> parser;
  parser.body_limit(ctx.options().max_body_bytes);
  parser.eager(true);
  beast::error_code ec;
  while (!parser.is_done() && !bytes.empty()) {
    auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec == http::error::need_more) {
      ec = {};
      if (used == 0) break;
    } else if (ec) {
      break;
    }
  }
  if (!ec && !parser.is_done()) {
    if (!parser.is_header_done()) return {};
    parser.put_eof(ec);  // a body without a length ends here; a short one is partial_message
    if (ec == http::error::partial_message) return {};
  }
  Response response;
  StageTimes stages;
  if (ec) {
    build_response(response, parse_error_reply(ec), stages, 0, false);
  } else {
    auto& req = parser.get();
    auto id = ctx.next_request_id();
    ctx.requests.fetch_add(1, std::memory_order_relaxed);
    std::optional<Reply> reply = answer_unless_upload(ctx, req);
    if (!reply) {
      std::string storage;
      auto checked = check_upload(ctx, req, storage);
      reply = std::move(checked.refused);
      if (!reply) {
        try {
          auto times = ctx.model().process(checked.image);
          stages.decode = times.decode;
          stages.infer = times.infer_with_warmup();
          stages.post = times.post;
          ctx.processed.fetch_add(1, std::memory_order_relaxed);
          reply = Reply{200, upload_answer(ctx, id, req["X-Device-Id"], "processed")};
        } catch (const Error& e) {
          reply = processing_failed_reply(ctx, e);
        }
      }
    }
    build_response(response, std::move(*reply), stages, id, req.keep_alive());
  }
  ctx.count_status(static_cast<int>(response.result_int()));
  std::ostringstream out;
  out << response;
  return std::move(out).str();
}

}  // namespace latbench::server
