#pragma once
// One JSON object per log line, read with simdjson (~15x faster than building an nlohmann::json
// per line) but accepted, rejected and read exactly as nlohmann::json::parse did before, since
// users' results must not change with the parser:
// - the whole line must be valid JSON (simdjson's DOM parser validates all of it; its On-Demand
//   API checks only what is read, and without -mavx2 runs its scalar kernel: measured slower on
//   log lines than the DOM parser, which picks its SIMD kernel at run time);
// - a leading UTF-8 BOM is skipped; nesting deeper than simdjson's default 1024 is allowed;
// - integers beyond 64 bits are numbers (correctly rounded doubles), not errors; a number
//   beyond double's range (1e309) makes the line invalid;
// - of duplicate keys the last one counts, and members are visited in key order (nlohmann's
//   std::map), which decides the order of auto-detected columns.
// Used by the JSON-lines log formats and the samples line parser (samples/line.hpp). Include only
// in .cpp files: simdjson.h is 30,000 lines.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace latbench {

class JsonLineParser {
 public:
  // The line as an object; nullopt when it is not valid JSON or not an object. The object (and
  // every string_view taken from it) stays valid until the next call.
  std::optional<simdjson::dom::object> parse_object(std::string_view line);
  // The line as any JSON value; nullopt when it is not valid JSON. Valid until the next call.
  std::optional<simdjson::dom::element> parse_element(std::string_view line);

 private:
  simdjson::error_code parse(std::string_view text, simdjson::dom::element& out);

  simdjson::dom::parser m_parser;
  // The line copied with SIMDJSON_PADDING bytes after it: simdjson reads past the end, and a
  // line handed by LineReader may end at its buffer's end.
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_capacity = 0;
  std::string m_widened;  // the line with its 65-bit-and-longer integers written as decimals
};

// The value of the last member called `key`; nullopt when there is none.
std::optional<simdjson::dom::element> last_member(simdjson::dom::object object, std::string_view key);

// Sorts `members` (in their object's order) by key and keeps one per key, the last.
void sort_by_key(std::vector<simdjson::dom::key_value_pair>& members);
// The members of `object` sorted by key, one per key (the last), into `out` (cleared first).
void sorted_members(simdjson::dom::object object, std::vector<simdjson::dom::key_value_pair>& out);

// A JSON number as a double: integers converted (so "-0" gives 0, as an integer 0 does), others
// as parsed (correctly rounded); nullopt for anything but a number.
std::optional<double> json_number(simdjson::dom::element value);

// A JSON integer (no fraction, no exponent, within 64 bits) written in decimal; nullopt for
// anything else.
std::optional<std::string> json_integer_text(simdjson::dom::element value);

}  // namespace latbench
