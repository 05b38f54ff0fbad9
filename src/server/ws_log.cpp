#include "server/ws_log.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "server/access_log.hpp"

namespace latbench::server {

std::string uvicorn_ws_accepted_line(std::string_view client, std::string_view path) {
  return fmt::format("INFO:     {} - \"WebSocket {}\" [accepted]", client, path);
}

std::string uvicorn_ws_frame_line(const WsFrameRecord& r) {
  int status = frame_status_code(r.status);
  return fmt::format("INFO:     {} - \"FRAME {}?frame_id={}\" {} {}", r.client, r.path,
                     r.frame_id, status, reason_phrase(status));
}

std::string uvicorn_ws_open_line() { return "INFO:     connection open"; }
std::string uvicorn_ws_closed_line() { return "INFO:     connection closed"; }

std::string jsonl_ws_open_line(std::uint64_t session, std::string_view client,
                               std::string_view path, double unix_seconds) {
  nlohmann::json j = {{"ts", unix_seconds}, {"event", "ws_open"}, {"session", session},
                      {"client", client},   {"path", path}};
  return j.dump();
}

std::string jsonl_ws_frame_line(const WsFrameRecord& r, double unix_seconds) {
  const auto& t = r.timing;
  nlohmann::json j = {
      {"ts", unix_seconds},
      {"event", "ws_frame"},
      {"session", r.session},
      {"client", r.client},
      {"path", r.path},
      {"frame_id", r.frame_id},
      {"seq", r.seq},
      {"device", r.device},
      {"status", frame_status_code(r.status)},
      {"result", frame_status_name(r.status)},
      {"bytes_in", r.bytes_in},
      {"bytes_out", r.bytes_out},
      {"stages_ms",
       {{"parse", to_ms(t.parse)},
        {"queue", to_ms(t.queue)},
        {"warmup", to_ms(t.warmup)},
        {"decode", to_ms(t.decode)},
        {"infer", to_ms(t.infer)},
        {"post", to_ms(t.post)},
        {"total", to_ms(t.total)}}},
  };
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string jsonl_ws_close_line(const WsSessionRecord& r, double unix_seconds) {
  nlohmann::json j = {
      {"ts", unix_seconds},     {"event", "ws_close"},        {"session", r.session},
      {"client", r.client},     {"path", r.path},             {"frames", r.frames},
      {"processed", r.processed}, {"dropped", r.dropped},     {"failed", r.failed},
      {"abandoned", r.abandoned}, {"close_code", r.close_code}, {"why", r.why},
      {"duration_ms", to_ms(r.duration)},
  };
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace latbench::server
