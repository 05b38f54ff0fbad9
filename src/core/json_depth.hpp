#pragma once
// A cheap guard to run before a JSON parser: how deep the text nests its arrays and objects.
// nlohmann parses iteratively but serialises (dump) and compares recursively, so a 200 KB body
// of '[' kills the thread's stack; simdjson refuses beyond its max_depth. Checking first costs
// one pass over the bytes (strings skipped, escapes honoured) and stops at the first byte too deep.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace latbench {

// Enough for any document latbench or its users write (a few levels), far below what a recursive
// serialiser needs to overflow an 8 MiB stack (~10^5 levels).
inline constexpr std::size_t k_max_json_depth = 256;

// The offset of the first '[' or '{' that opens level max_depth + 1, or nullopt when `text`
// never nests deeper than max_depth. Brackets inside strings do not count; the text need not be
// valid JSON (the parser that runs next says what else is wrong).
std::optional<std::size_t> json_too_deep_at(std::string_view text,
                                            std::size_t max_depth = k_max_json_depth);

// "JSON nested deeper than 256 levels (at byte 256)": the reason to give for json_too_deep_at.
std::string json_too_deep_message(std::size_t offset, std::size_t max_depth = k_max_json_depth);

}  // namespace latbench
