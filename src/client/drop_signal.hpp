#pragma once
// How a server says "I shed your upload" rather than "I failed on it": an async server whose
// queue is full answers 503 at once (latbench serve, the users' FastAPI background-task servers).
// Counting those as http_5xx would hide the drop rate the async experiments are about, so a 5xx
// carrying either sign below is the error class `dropped`:
//   - a response header `X-Drop-Reason: <why>` (latbench serve sends "queue full"), or
//   - a JSON body whose "status" is "dropped" ({"request_id":7,"status":"dropped",...}).
#include <cstddef>
#include <string_view>

namespace latbench::client {

enum class DropSignal { absent, present };

// Bytes of the body kept to look for the "status" key; the servers put it near the start.
inline constexpr std::size_t k_drop_body_prefix = 512;

// `header_line` as libcurl hands it to a header callback ("X-Drop-Reason: queue full\r\n"); the
// name is matched case-insensitively.
bool is_drop_reason_header(std::string_view header_line);

// `body` (or its first k_drop_body_prefix bytes) holds `"status"` `:` `"dropped"`, with any JSON
// whitespace around the colon. A plain substring test, no JSON parse: the body may be cut short.
bool body_says_dropped(std::string_view body);

}  // namespace latbench::client
