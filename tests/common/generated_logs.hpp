#pragma once
// Generated logs for the tests of parsing in parts: everything that carries state across lines
// occurs near every cut (see each generator), with damaged lines in the last third.
#include <random>
#include <string>

namespace latbench::test {

// Damaged lines only in the last third (so the first skipped line numbers come from later
// parts): NUL, invalid UTF-8, or `unusable`, a line the format cannot use.
inline std::string damaged_line(std::mt19937_64& rng, double position,
                                const std::string& unusable = "this line fits no format at all\n", unsigned one_in = 30) {
  if (position < 0.66 || rng() % one_in != 0) return {};
  switch (rng() % 3) {
    case 0: return std::string("junk\0junk\n", 10);
    case 1: return "bad \xC3\x28 utf8\n";
    default: return unusable;
  }
}

inline std::string esp32_log(int blocks) {
  std::mt19937_64 rng(42);
  std::string text;
  for (int i = 0; i < blocks; ++i) {
    const double position = static_cast<double>(i) / blocks;
    const std::string prefix = rng() % 2 ? "20:04:00.583 > " : "";
    const char* eol = rng() % 5 == 0 ? "\r\n" : "\n";
    text += damaged_line(rng, position, "Free Heap: 1e999 bytes\n", 40);
    if (rng() % 3 == 0) text += prefix + "[HTTP] POST... failed, error: read Timeout" + eol;  // before the block
    if (rng() % 10 == 0) text += "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n";
    text += prefix + "---- Network Message Timings ----" + eol;
    text += prefix + "Payload Created At: " + std::to_string(311561 + i * 1700) + " ms" + eol;
    text += prefix + "Network Send Time After Payload Creation: " + std::to_string(rng() % 4) + " ms" + eol;
    if (rng() % 8 == 0) text += prefix + "[HTTP] Error: connection refused" + eol;  // inside the block
    text += prefix + "Network Receive Time - After Send: " + std::to_string(1000 + rng() % 900) + " ms" + eol;
    if (position > 0.8 && rng() % 2) text += prefix + "Late Stage Time: " + std::to_string(rng() % 50) + ".5 ms" + eol;
    if (rng() % 12 == 0) continue;  // cut short: the next block or reset abandons it
    text += prefix + "Total Time from Payload Creation to Command End: " + std::to_string(1100 + rng() % 900) + " ms" + eol;
    if (rng() % 2) text += prefix + "Free Heap: " + std::to_string(185312 - i) + " bytes" + eol;
  }
  text += "[HTTP] Error: connection refused\n---- Network Message Timings ----\nTotal Time from Payload Creation to";
  return text;
}

inline std::string jsonl_log(int records) {
  std::mt19937_64 rng(11);
  std::string text;
  for (int i = 0; i < records; ++i) {
    const double position = static_cast<double>(i) / records;
    text += damaged_line(rng, position);
    const char* eol = rng() % 6 == 0 ? "\r\n" : "\n";
    switch (rng() % 8) {
      case 0: text += std::string("{\"rid\":\"r") + std::to_string(i) + "\",\"stage\":\"decode\",\"ms\":" + std::to_string(rng() % 9) + ".25}" + eol; break;
      case 1: text += "{\"msg\":\"no numbers here\"}" + std::string(eol); break;
      case 2: text += std::string(eol); break;
      case 3: text += "{\"total_ms\": 12.5, \"broken\": " + std::string(eol); break;  // invalid JSON
      default:
        text += "{\"request_id\":" + std::to_string(i) + ",\"status\":" + (rng() % 20 ? "200" : "\"503\"") +
                ",\"total_ms\":" + std::to_string(20 + rng() % 80) + "." + std::to_string(rng() % 10) +
                ",\"server\":{\"infer_ms\":" + std::to_string(rng() % 40) + "}";
        if (position > 0.8 && rng() % 2) text += ",\"late_s\":0.0" + std::to_string(rng() % 10);
        text += "}" + std::string(eol);
    }
  }
  return text + "{\"total_ms\": 1";  // cut mid-line
}

inline std::string nginx_log(int records, bool junk_first) {
  std::mt19937_64 rng(13);
  std::string text;
  // Forced without sniffing, the first line that fits a template picks it: lines before do not.
  if (junk_first) text += "nginx: starting\n\n127.0.0.1 - - broken line\n";
  for (int i = 0; i < records; ++i) {
    text += damaged_line(rng, static_cast<double>(i) / records);
    const std::string status = rng() % 20 ? "200" : "502";
    const std::string upstream = rng() % 10 == 0 ? "-" : (rng() % 8 == 0 ? "0.010, 0.0" + std::to_string(rng() % 90 + 10) : "0.0" + std::to_string(rng() % 90 + 10));
    text += "10.0.0." + std::to_string(rng() % 9) + " - - [22/Nov/2026:07:40:00 +0000] \"POST /upload?id=" + std::to_string(i) +
            " HTTP/1.1\" " + status + " 512 \"-\" \"esp32\" rt=0." + std::to_string(100 + rng() % 800) +
            " uct=\"0.001\" uht=\"0.020\" urt=\"" + upstream + "\"" + (rng() % 7 == 0 ? "\r\n" : "\n");
    if (rng() % 50 == 0) text += "10.0.0.1 - - [22/Nov/2026:07:40:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl\" rt=1e999 uct=\"-\" uht=\"-\" urt=\"-\"\n";
  }
  return text + "10.0.0.1 - - [22/Nov/2026:07:40:00 +0000] \"GET /";
}

// A header after blank lines, semicolons, an id column; the first data row leaves "queue_ms"
// empty, so the whole parse does not choose it (later rows have it: parts must not choose it
// either); rows with a wrong number of cells, a quoted newline (one record over two lines, read
// as two bad lines in one parse and in parts alike), numbers out of range.
inline std::string csv_log(int records) {
  std::mt19937_64 rng(16);
  std::string text = "\n\nrequest_id; total_ms ;queue_ms;note;server_s\n";
  text += "r0;12.5;;\"first\";0.010\n";
  for (int i = 1; i < records; ++i) {
    text += damaged_line(rng, static_cast<double>(i) / records);
    switch (rng() % 12) {
      case 0: text += "r" + std::to_string(i) + ";1;2\n"; break;
      case 1: text += "r" + std::to_string(i) + ";5;1;\"two\nlines\";0.5\n"; break;
      case 2: text += "r" + std::to_string(i) + ";1e999;1;x;0.1\r\n"; break;
      case 3: text += ";;;;\n"; break;
      default:
        text += "r" + std::to_string(i) + ";" + std::to_string(10 + rng() % 90) + "." + std::to_string(rng() % 10) + ";" +
                std::to_string(rng() % 5) + ";\"a \"\"quoted\"\" note\";0.0" + std::to_string(rng() % 100) + "\n";
    }
  }
  return text + "r9;1";
}

inline constexpr const char* k_pipeline_yaml = R"(
name: pipeline
line: '^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) INFO \[(?P<stage>\w+)\] req=(?P<rid>\w+)(?: took=(?P<took>[^ ]+)ms)?$'
fields: {took: ms}
request_id: rid
stage: stage
timestamp: {group: time, format: '%Y-%m-%d %H:%M:%S.%f'}
)";

inline constexpr const char* k_block_yaml = R"(
name: camera_block
block:
  start: '^=== upload (?P<id>\d+) ===$'
  end: '^=== done(?: at (?P<t>\d+))? ===$'
line:
  - '^capture: (?P<capture>[^ ]+) ms$'
  - '^post: (?P<post>[0-9.]+) s$'
fields: {capture: ms, post: s}
request_id: id
timestamp: {group: t, format: epoch_ms}
)";

// Blocks of the camera_block YAML format: some never end, values inside and outside blocks, one
// left open at the end.
inline std::string camera_block_log(int blocks) {
  std::mt19937_64 rng(18);
  std::string text = "capture: 1 ms\n";  // a value before any block: ignored
  for (int i = 0; i < blocks; ++i) {
    const double position = static_cast<double>(i) / blocks;
    text += damaged_line(rng, position);
    text += "=== upload " + std::to_string(i) + " ===\n";
    text += "capture: " + std::to_string(rng() % 60) + (rng() % 30 ? ".5" : ".5x") + " ms\n";
    if (rng() % 10 == 0) continue;  // the script crashed: the block never ends
    if (rng() % 3) text += "post: 0." + std::to_string(rng() % 1000) + " s\n";
    text += rng() % 2 ? "=== done ===\n" : "=== done at " + std::to_string(1795333200000 + i) + " ===\n";
    if (rng() % 8 == 0) text += "post: 9 s\n";  // after the block: ignored
  }
  text += "=== upload 99999 ===\ncapture: 5 ms\n";  // open at the end
  return text;
}

}  // namespace latbench::test
