#include "server/access_log.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace latbench::server {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Request Entity Too Large";
    case 422: return "Unprocessable Entity";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

std::string uvicorn_access_line(const AccessRecord& r) {
  // uvicorn pads the level name to 9 columns ("INFO:" + 5 spaces).
  return fmt::format("INFO:     {} - \"{} {} HTTP/{}.{}\" {} {}", r.client, r.method, r.target,
                     r.version / 10, r.version % 10, r.status, reason_phrase(r.status));
}

std::string ultralytics_speed_line(const ProcessedTimes& t) {
  return fmt::format(
      "Speed: {:.1f}ms preprocess, {:.1f}ms inference, {:.1f}ms postprocess per image at shape "
      "(1, 3, {}, {})",
      to_ms(t.decode), to_ms(t.infer_with_warmup()), to_ms(t.post), t.shape.height, t.shape.width);
}

std::string jsonl_access_line(const AccessRecord& r, double unix_seconds) {
  nlohmann::json j = {
      {"ts", unix_seconds},
      {"event", "access"},
      {"request_id", r.request_id},
      {"client", r.client},
      {"method", r.method},
      {"path", r.target},
      {"status", r.status},
      {"device", r.device},
      {"bytes_in", r.bytes_in},
      {"bytes_out", r.bytes_out},
      {"stages_ms",
       {{"recv", to_ms(r.stages.recv)},
        {"queue", to_ms(r.stages.queue)},
        {"decode", to_ms(r.stages.decode)},
        {"infer", to_ms(r.stages.infer)},
        {"post", to_ms(r.stages.post)},
        {"total", to_ms(r.stages.total)}}},
  };
  return j.dump();
}

std::string jsonl_processed_line(std::uint64_t request_id, const ProcessedTimes& t, Nanos queue,
                                 double unix_seconds) {
  nlohmann::json j = {
      {"ts", unix_seconds},          {"event", "processed"},
      {"request_id", request_id},    {"queue_ms", to_ms(queue)},
      {"decode_ms", to_ms(t.decode)}, {"infer_ms", to_ms(t.infer_with_warmup())},
      {"warmup_ms", to_ms(t.warmup)},
      {"post_ms", to_ms(t.post)},    {"width", t.shape.width},
      {"height", t.shape.height},
  };
  return j.dump();
}

}  // namespace latbench::server
