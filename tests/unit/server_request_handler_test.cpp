// handle_request_bytes: the server's parser limits and endpoints on bytes in memory, no socket
// (the entry fuzz targets use). Same answers as over a connection.
#include <gtest/gtest.h>

#include "server/request_handler.hpp"
#include "server_abuse_inputs.hpp"
#include "server_test_client.hpp"

using namespace latbench::server;
using namespace std::chrono_literals;
using latbench::test::make_test_jpeg;
using latbench::test::nested_json_array;

namespace {

ServerOptions in_memory() {
  ServerOptions o;
  o.processing.post_cost = 0ms;
  o.processing.workers = 0;
  o.max_body_bytes = 4u << 20;
  return o;
}

std::string post(std::string_view target, const std::string& body,
                 std::string_view extra_headers = "") {
  return std::string("POST ") + std::string(target) + " HTTP/1.1\r\nHost: x\r\n" +
         std::string(extra_headers) + "Content-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

std::string status_line(const std::string& response) {
  return response.substr(0, response.find("\r\n"));
}

}  // namespace

TEST(ServerRequestHandler, AnswersHealthzWithTheHeadersEveryAnswerCarries) {
  ServerContext ctx(in_memory());
  auto r = handle_request_bytes(ctx, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_line(r), "HTTP/1.1 200 OK");
  EXPECT_NE(r.find("Server-Timing: "), std::string::npos) << r;
  EXPECT_NE(r.find("X-Request-Id: 1"), std::string::npos) << r;
  EXPECT_NE(r.find(R"({"status":"ok"})"), std::string::npos) << r;
  EXPECT_EQ(ctx.snapshot().requests_by_status[200], 1u);
}

TEST(ServerRequestHandler, UploadsAreProcessedInlineAndPickUpCommands) {
  ServerContext ctx(in_memory());
  auto queued = handle_request_bytes(ctx, post("/api/devices/cam-1/commands", R"({"led":"on"})"));
  EXPECT_EQ(status_line(queued), "HTTP/1.1 202 Accepted") << queued;
  auto r = handle_request_bytes(
      ctx, post("/api/devices/file/image", make_test_jpeg(64, 48), "X-Device-Id: cam-1\r\n"));
  EXPECT_EQ(status_line(r), "HTTP/1.1 200 OK") << r;
  EXPECT_NE(r.find(R"("status":"processed","commands":[{"led":"on"}])"), std::string::npos) << r;
  EXPECT_EQ(ctx.snapshot().processed, 1u);
}

TEST(ServerRequestHandler, DeepJsonIs400) {
  ServerContext ctx(in_memory());
  auto r = handle_request_bytes(ctx, post("/api/devices/cam-1/commands", nested_json_array(1000000)));
  EXPECT_EQ(status_line(r), "HTTP/1.1 400 Bad Request");
  EXPECT_NE(r.find("nested deeper than 256 levels (at byte 256)"), std::string::npos);
}

TEST(ServerRequestHandler, ABogusFrameIs422AndTheNextGoodOne200) {
  ServerContext ctx(in_memory());
  auto good = make_test_jpeg(64, 48);
  auto bad = handle_request_bytes(
      ctx, post("/api/devices/file/image", latbench::test::with_bogus_sof_length(good)));
  EXPECT_EQ(status_line(bad), "HTTP/1.1 422 Unprocessable Entity") << bad;
  EXPECT_EQ(status_line(handle_request_bytes(ctx, post("/api/devices/file/image", good))),
            "HTTP/1.1 200 OK");
  EXPECT_EQ(ctx.snapshot().undecodable, 1u);
}

TEST(ServerRequestHandler, ParserLimitsAnswerAsAConnectionWould) {
  auto options = in_memory();
  options.max_body_bytes = 100;
  ServerContext ctx(options);
  EXPECT_EQ(status_line(handle_request_bytes(ctx, post("/api/devices/file/image", std::string(101, 'x')))),
            "HTTP/1.1 413 Payload Too Large");
  EXPECT_EQ(status_line(handle_request_bytes(ctx, "GET /healthz HTTP/1.1\r\nX: " + std::string(10000, 'a') + "\r\n\r\n")),
            "HTTP/1.1 431 Request Header Fields Too Large");
  EXPECT_EQ(status_line(handle_request_bytes(ctx, "THIS IS NOT HTTP\r\n\r\n")), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(status_line(handle_request_bytes(ctx, "DELETE /healthz HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 405 Method Not Allowed");
}

TEST(ServerRequestHandler, ARequestCutShortGetsNoAnswer) {
  ServerContext ctx(in_memory());
  EXPECT_EQ(handle_request_bytes(ctx, ""), "");
  EXPECT_EQ(handle_request_bytes(ctx, "GET /healthz HTTP/1.1\r\nHost:"), "");
  EXPECT_EQ(handle_request_bytes(ctx, "POST /api/devices/file/image HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"), "");
}
