#include "server/server_modes.hpp"

#include <fmt/format.h>

namespace latbench::server {
namespace {

Error invalid(std::string_view text, std::string_view expected) {
  return usage_error(fmt::format("invalid value '{}' (expected {})", text, expected));
}

}  // namespace

Result<Mode> parse_mode(std::string_view text) {
  if (text == "sync") return Mode::sync;
  if (text == "async") return Mode::async;
  return invalid(text, "sync or async");
}

std::string_view mode_name(Mode mode) { return mode == Mode::async ? "async" : "sync"; }

Result<DecodeMode> parse_decode(std::string_view text) {
  if (text == "full") return DecodeMode::full;
  if (text == "header") return DecodeMode::header;
  if (text == "none") return DecodeMode::none;
  return invalid(text, "full, header or none");
}

std::string_view decode_name(DecodeMode decode) {
  switch (decode) {
    case DecodeMode::full: return "full";
    case DecodeMode::header: return "header";
    case DecodeMode::none: return "none";
  }
  return "full";
}

Result<LogFormat> parse_log_format(std::string_view text) {
  if (text == "uvicorn") return LogFormat::uvicorn;
  if (text == "jsonl") return LogFormat::jsonl;
  return invalid(text, "uvicorn or jsonl");
}

Result<QueuePolicy> parse_queue_policy(std::string_view text) {
  if (text == "drop") return QueuePolicy::drop;
  if (text == "block") return QueuePolicy::block;
  return invalid(text, "drop or block");
}

std::string_view queue_policy_name(QueuePolicy policy) {
  return policy == QueuePolicy::block ? "block" : "drop";
}

Result<WarmupScope> parse_warmup_scope(std::string_view text) {
  if (text == "session") return WarmupScope::session;
  if (text == "process") return WarmupScope::process;
  return invalid(text, "session or process");
}

std::string_view warmup_scope_name(WarmupScope scope) {
  return scope == WarmupScope::process ? "process" : "session";
}

Result<AnswerFormat> parse_answer_format(std::string_view text) {
  if (text == "json") return AnswerFormat::json;
  if (text == "msgpack") return AnswerFormat::msgpack;
  return invalid(text, "json or msgpack");
}

std::string_view answer_format_name(AnswerFormat format) {
  return format == AnswerFormat::msgpack ? "msgpack" : "json";
}

}  // namespace latbench::server
