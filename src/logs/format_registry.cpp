// The built-in formats, in sniffing order. Adding a format: one file + one line here.
#include "logs/format.hpp"

namespace latbench::logs {

std::unique_ptr<Format> make_esp32_format(const FormatOptions&);
std::unique_ptr<Format> make_ultralytics_format(const FormatOptions&);
std::unique_ptr<Format> make_uvicorn_format(const FormatOptions&);
std::unique_ptr<Format> make_latbench_format(const FormatOptions&);
std::unique_ptr<Format> make_jsonl_format(const FormatOptions&);
std::unique_ptr<Format> make_nginx_format(const FormatOptions&);
std::unique_ptr<Format> make_apache_format(const FormatOptions&);
std::unique_ptr<Format> make_csv_format(const FormatOptions&);

const std::vector<FormatEntry>& builtin_formats() {
  static const std::vector<FormatEntry> k_formats{
      {"esp32", "ESP32/Arduino serial log with timing blocks (PlatformIO time prefix optional)", make_esp32_format},
      {"ultralytics", "Ultralytics YOLO console: 'Speed: 1.2ms preprocess, ...'", make_ultralytics_format},
      {"uvicorn", "uvicorn access lines: counts by method, path, status; flags non-workload traffic", make_uvicorn_format},
      {"latbench", "latbench run's samples.jsonl", make_latbench_format},
      {"jsonl", "JSON lines; numeric fields (choose with --field)", make_jsonl_format},
      {"nginx", "nginx access log with $request_time / $upstream_response_time (--log-format)", make_nginx_format},
      {"apache", "Apache access log with %D / %{ms}T / %T (--log-format)", make_apache_format},
      {"csv", "CSV with a header row; numeric columns (choose with --field)", make_csv_format},
  };
  return k_formats;
}

const FormatEntry* find_format(std::string_view name) {
  for (const auto& f : builtin_formats())
    if (name == f.name) return &f;
  return nullptr;
}

std::vector<std::string_view> head_lines(std::string_view text, std::size_t max_lines) {
  std::vector<std::string_view> out;
  while (!text.empty() && out.size() < max_lines) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    // An unterminated piece at the end of the peeked chunk may be a partial line: leave it out
    // unless it is all there is.
    if (nl == std::string_view::npos && !out.empty()) break;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const char* reason = nullptr;
    if (clean_text(line, &reason)) out.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace latbench::logs
