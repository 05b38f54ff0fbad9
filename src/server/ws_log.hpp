#pragma once
// Log lines of /ws/frames in the formats of access_log.hpp, so `latbench analyze` reads them
// like the upload endpoint's. uvicorn: what uvicorn itself writes around a WebSocket
// (`"WebSocket /ws/frames" [accepted]`, `connection open`, `connection closed`) and, per frame,
// an access line whose target carries the frame id as a query, so frames count under one path:
//   INFO:     127.0.0.1:56071 - "FRAME /ws/frames?frame_id=7" 200 OK
// (status as an upload in the same state: 200 processed, 503 dropped, 422 undecodable, 400 not
// a frame); a processed frame adds the Ultralytics Speed line, as an upload does. jsonl: one
// object per event, "ws_open", "ws_frame" (every stage) and "ws_close" (the session's counts).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/duration.hpp"
#include "server/ws_answer.hpp"

namespace latbench::server {

struct WsFrameRecord {
  std::uint64_t session = 0;  // the upgrade request's id
  std::string_view client;    // "127.0.0.1:56071"
  std::string_view path;      // "/ws/frames"
  std::uint64_t frame_id = 0;
  std::uint64_t seq = 0;
  std::string_view device;    // the frame's own, when its framing carries one
  FrameStatus status = FrameStatus::processed;
  std::uint64_t bytes_in = 0;   // the message's payload
  std::uint64_t bytes_out = 0;  // the answer's payload
  FrameTimings timing;
};

struct WsSessionRecord {
  std::uint64_t session = 0;
  std::string_view client;
  std::string_view path;
  std::uint64_t frames = 0;
  std::uint64_t processed = 0;
  std::uint64_t dropped = 0;
  std::uint64_t failed = 0;     // undecodable or not a frame
  std::uint64_t abandoned = 0;  // read but never answered: the session ended first
  int close_code = 0;           // the close frame's code (0: none, the connection just ended)
  std::string_view why;         // "client closed", "message too big", "idle", ...
  Nanos duration{0};
};

std::string uvicorn_ws_accepted_line(std::string_view client, std::string_view path);
std::string uvicorn_ws_frame_line(const WsFrameRecord& r);
// "INFO:     connection open" / "INFO:     connection closed", as uvicorn words them.
std::string uvicorn_ws_open_line();
std::string uvicorn_ws_closed_line();

std::string jsonl_ws_open_line(std::uint64_t session, std::string_view client,
                               std::string_view path, double unix_seconds);
std::string jsonl_ws_frame_line(const WsFrameRecord& r, double unix_seconds);
std::string jsonl_ws_close_line(const WsSessionRecord& r, double unix_seconds);

}  // namespace latbench::server
