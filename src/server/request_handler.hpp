#pragma once
// What the reference server answers to one request, apart from the sockets around it (internal:
// includes Beast). HttpSession reads and writes the connection and runs uploads on the model
// slots; handle_request_bytes runs the same parser limits and endpoints on bytes in memory,
// processing inline, so fuzz targets and tests reach every route without a socket.
#include <boost/beast/http.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "server/request_body.hpp"
#include "server/server_context.hpp"
#include "server/server_timing.hpp"

namespace latbench::server {

using Request = boost::beast::http::request<RequestBody>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct Reply {
  Reply(int status_code, std::string body_text, bool close_after = false, std::string drop = {})
      : status(status_code), body(std::move(body_text)), close(close_after),
        drop_reason(std::move(drop)) {}

  int status;
  std::string body;
  bool close;               // Connection: close after this answer
  std::string drop_reason;  // non-empty: the upload was shed (X-Drop-Reason), not failed
};

// {"error": "<why>"} with the text escaped.
std::string error_json(std::string_view why);

// The answer to a parser error met while reading a request (413, 431 or 400, all closing).
Reply parse_error_reply(boost::beast::error_code ec);

// Every endpoint but a well-routed upload: 404, 405, /healthz, /stats, commands, 426 for
// /ws/frames without a WebSocket upgrade. nullopt means
// "an upload": the caller goes on with check_upload.
std::optional<Reply> answer_unless_upload(ServerContext& ctx, const Request& req);

// An upload's image bytes (a view into the request body, or into `storage` for base64), or why
// it is refused: 400 when the body is not one of the three encodings, 422 when the JPEG header
// does not read (unless decoding is off). A 422 is counted as undecodable.
struct CheckedUpload {
  std::string_view image;
  std::optional<Reply> refused;
};
CheckedUpload check_upload(ServerContext& ctx, const Request& req, std::string& storage);

// The answer to an image the model could not process: 422 with the decoder's message (counted
// as undecodable), or 500 when the server itself failed.
Reply processing_failed_reply(ServerContext& ctx, const Error& error);

// {"request_id":7,"status":"processed","commands":[...]}: the device's pending commands leave with
// any answer it gets, like the users' servers that piggyback commands on the upload response.
std::string upload_answer(ServerContext& ctx, std::uint64_t request_id, std::string_view device,
                          std::string_view status);

// Fills `out` with `reply` and the headers every answer carries (Server-Timing, X-Request-Id
// when request_id is not 0).
void build_response(Response& out, Reply reply, const StageTimes& stages, std::uint64_t request_id,
                    bool keep_alive);

// One HTTP/1.1 request given whole in `bytes`, answered as a connection would answer it, with
// the upload processed inline whatever the mode. Returns the response bytes, or "" when the
// bytes end before the request does (a connection would wait, then close without an answer).
// Counters and pending commands of `ctx` change as they would over a socket.
std::string handle_request_bytes(ServerContext& ctx, std::string_view bytes);

}  // namespace latbench::server
