#pragma once
// Log lines in the formats our users' servers already write, so `latbench analyze` reads a
// latbench server's log like theirs: uvicorn's access line, Ultralytics' per-image Speed line,
// or one JSON object per line (--log-format jsonl) with the request id and every stage.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/processing_model.hpp"
#include "server/server_timing.hpp"

namespace latbench::server {

struct AccessRecord {
  std::uint64_t request_id = 0;
  std::string_view client;   // "127.0.0.1:56071"
  std::string_view method;   // "POST"
  std::string_view target;   // "/api/devices/file/image"
  unsigned version = 11;     // 11 = HTTP/1.1
  int status = 200;
  std::string_view device;   // X-Device-Id, may be empty
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  StageTimes stages;
};

// "OK", "Not Found", ... ("" for codes we never send).
std::string_view reason_phrase(int status);

// INFO:     127.0.0.1:56071 - "POST /api/devices/file/image HTTP/1.1" 200 OK
std::string uvicorn_access_line(const AccessRecord& r);
// Speed: 1.2ms preprocess, 37.5ms inference, 0.4ms postprocess per image at shape (1, 3, 480, 640)
std::string ultralytics_speed_line(const ProcessedTimes& t);
// {"ts":...,"event":"access","request_id":7,...,"stages_ms":{"recv":0.1,...}}
std::string jsonl_access_line(const AccessRecord& r, double unix_seconds);
// {"ts":...,"event":"processed","request_id":7,"decode_ms":..,"infer_ms":..,"post_ms":..,...}
std::string jsonl_processed_line(std::uint64_t request_id, const ProcessedTimes& t, Nanos queue,
                                 double unix_seconds);

}  // namespace latbench::server
