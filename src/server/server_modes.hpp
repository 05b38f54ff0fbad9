#pragma once
// The words of the reference server's modes, parsed and written in one place (serve's flags, run's
// --server-mode, a profile's server: section, the folder's profile.yaml). An unknown word is an
// error, never a default; the message names the value, and the caller puts the flag or the
// profile's line in front of it.
#include <string_view>

#include "core/error.hpp"
#include "server/reference_server.hpp"

namespace latbench::server {

// "sync" | "async"; else a usage Error "invalid value 'x' (expected sync or async)".
Result<Mode> parse_mode(std::string_view text);
std::string_view mode_name(Mode mode);

// "full" | "header" | "none"; else "invalid value 'x' (expected full, header or none)".
Result<DecodeMode> parse_decode(std::string_view text);
std::string_view decode_name(DecodeMode decode);

// "uvicorn" | "jsonl"; else "invalid value 'x' (expected uvicorn or jsonl)".
Result<LogFormat> parse_log_format(std::string_view text);

// /ws/frames: "drop" | "block", "session" | "process", "json" | "msgpack".
Result<QueuePolicy> parse_queue_policy(std::string_view text);
std::string_view queue_policy_name(QueuePolicy policy);
Result<WarmupScope> parse_warmup_scope(std::string_view text);
std::string_view warmup_scope_name(WarmupScope scope);
Result<AnswerFormat> parse_answer_format(std::string_view text);
std::string_view answer_format_name(AnswerFormat format);

}  // namespace latbench::server
