#pragma once
// uvicorn's access lines (`INFO:     127.0.0.1:56071 - "GET /x HTTP/1.1" 404 Not Found`), shared by
// the uvicorn format and the ultralytics one (a FastAPI + YOLO server prints both to one console).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "logs/count_map.hpp"
#include "logs/log_data.hpp"

namespace latbench::logs {

struct UvicornAccess {
  std::string_view method, path, status;  // path without its query string
};

// Parses one line (ANSI colours removed into `buffer` when present). False when not an access line.
bool parse_uvicorn_access(std::string_view line, UvicornAccess& access, std::string& buffer);

// Counts access lines by method, path and status, and flags traffic that is not the workload
// (dev-server livereload / HMR polling, favicon fetches) — it silently shares the server.
class UvicornCounts {
 public:
  bool add(std::string_view line);  // false when `line` is not an access line
  // Adds the counts of a later part of the same log (parsing in parts).
  void merge(UvicornCounts& other);
  // Writes counts and notes into `out` (call once, at the end).
  void finish(LogData& out);

 private:
  void flush_run();

  std::string m_buffer, m_key;
  // By "method\npath\nstatus": split into the reported counts at the end.
  CountMap m_requests;
  // Lines in a row with the same method, path and status (most of a workload's lines) are
  // counted here and hashed once per run.
  std::string m_run_method, m_run_path, m_run_status;
  std::uint64_t m_run = 0;
};

}  // namespace latbench::logs
