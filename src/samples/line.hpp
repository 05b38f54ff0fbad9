#pragma once
// The one parser of a samples.jsonl line (fields in docs/samples.md): the line read with simdjson
// (core/json_line.hpp: accepted, rejected and read as nlohmann::json did) and its known members
// sorted into one slot per key, the last member of a key counting. What a slot must hold is the
// reader's business: samples/json.hpp turns a line into a Sample and refuses a wrong type, the
// `latbench` log format (logs/format_latbench.cpp) takes what it can use from each line.
// analyze's hot path: moving the slot loop here from format_latbench.cpp left its instructions
// per line as they were (+0.4%, callgrind on bench/logs_parsers_bench.cpp's latbench case).
// Include only in .cpp files: simdjson.h is 30,000 lines.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/json_line.hpp"

namespace latbench::samples {

// Every key a line is searched for, the phases first (the latbench format keeps them as columns
// in this order), the keys of every line before the ones a line may lack.
enum class Key : std::size_t {
  total_ms, dns_ms, connect_ms, tls_ms, upload_ms, ttfb_ms, network_overhead_ms, latency_from_intended_ms,
  warmup, server, bytes_up, bytes_down, seq, start_ms, error, status, conn, device, intended_start_ms,
  transport, direction, frame_id, session, pending, upgrade_ms, first_answer_ms,
  arrival_ms, gap_ms, frame_age_ms, clock_offset_ms, missing_frames,
};
inline constexpr std::size_t k_key_count = 31;
inline constexpr std::size_t k_phase_count = 8;  // total_ms .. latency_from_intended_ms
inline constexpr std::array<std::string_view, k_key_count> k_key_names{
    "total_ms", "dns_ms", "connect_ms", "tls_ms", "upload_ms", "ttfb_ms", "network_overhead_ms",
    "latency_from_intended_ms", "warmup", "server", "bytes_up", "bytes_down", "seq", "start_ms", "error",
    "status", "conn", "device", "intended_start_ms", "transport", "direction", "frame_id", "session",
    "pending", "upgrade_ms", "first_answer_ms", "arrival_ms", "gap_ms", "frame_age_ms", "clock_offset_ms",
    "missing_frames"};

constexpr std::string_view key_name(Key key) { return k_key_names[static_cast<std::size_t>(key)]; }

struct SampleLine {
  // The value of the last member of each key; nullopt when the line has none. Valid until the
  // parser's next call.
  std::array<std::optional<simdjson::dom::element>, k_key_count> members;
  const std::optional<simdjson::dom::element>& operator[](Key key) const {
    return members[static_cast<std::size_t>(key)];
  }
};

enum class LineShape { object, malformed, not_object };

class SampleLineParser {
 public:
  // Reads `line` into `out`: object when it is a JSON object (then `out` holds its members),
  // malformed when it is not valid JSON, not_object for other valid JSON.
  LineShape parse(std::string_view line, SampleLine& out);

 private:
  JsonLineParser m_json;
};

}  // namespace latbench::samples
