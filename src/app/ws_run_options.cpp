#include "app/ws_run_options.hpp"

#include <fmt/format.h>

#include <string_view>
#include <utility>

#include "core/key_error.hpp"

namespace latbench::app {
namespace {

// The codec's error as a KeyError on `key`: its own part name ("header: ") goes.
KeyError keyed(const Error& error, const std::string& key, std::string_view part) {
  std::string detail = error.what();
  const std::string prefix = std::string(part) + ": ";
  if (detail.starts_with(prefix)) detail.erase(0, prefix.size());
  return KeyError(error.kind(), key, detail);
}

// Which of the framing's parts a make_framing_spec error blames.
const char* framing_key(const std::string& message) {
  if (message.starts_with("header")) return "frame_header";
  if (message.starts_with("template")) return "ws_message";
  return "framing";
}

std::size_t checked_max_message(std::size_t bytes) {
  if (bytes < 1024) throw key_usage_error("max_message", fmt::format("{} bytes is too small (expected at least 1KiB)", bytes));
  return bytes;
}

// The first option of an upstream run that a viewer run was given, or nullptr.
const char* upstream_only_key(const client::RunConfig& c) {
  if (!c.ws_answer.empty()) return "ws_answer";
  if (!c.ws_match.empty()) return "ws_match";
  if (!c.ws_timing.empty()) return "ws_timing";
  if (c.reconnect_every > 0) return "reconnect_every";
  if (c.warmup > 0) return "warmup";
  if (c.schedule.rate_per_s) return "rate";
  if (c.schedule.max_in_flight > 0) return "max_in_flight";
  if (c.schedule.think.count() > 0) return "think";
  return nullptr;
}

}  // namespace

bool is_embedded_target(std::string_view url) { return url.empty() || url == "ws://"; }

frames::Framing run_framing(const client::RunConfig& config) {
  if (config.framing.empty()) return frames::Framing::binary;
  auto parsed = frames::parse_framing(config.framing);
  if (!parsed) throw keyed(parsed.error(), "framing", "framing");
  return *parsed;
}

client::WsOptions make_ws_options(const client::RunConfig& config) {
  client::WsOptions ws;
  const frames::Framing framing = run_framing(config);
  // Viewers send ws_message as their subscribe message: their frames use the default template.
  const bool down = config.direction == client::Direction::down;
  auto spec = frames::make_framing_spec(framing, config.frame_header, down ? "" : config.ws_message);
  if (!spec) {
    const std::string message = spec.error().what();
    const char* key = framing_key(message);
    throw keyed(spec.error(), key, key == std::string_view("frame_header") ? "header"
                                   : key == std::string_view("ws_message") ? "template" : "framing");
  }
  ws.framing = std::move(spec).take();
  if (down) {
    if (const char* key = upstream_only_key(config))
      throw key_usage_error(key, "applies to direction up only (a viewer sends no frames to be answered)");
    // The .hlog holds answered totals (app/run_hlog.hpp); a viewer's frame ages are not one.
    if (!config.export_hlog.empty())
      throw key_usage_error("export_hlog", "applies to uploads and direction up only (a viewer's samples are "
                                           "frame ages, kept in samples.jsonl)");
    if (config.max_message) ws.max_message = checked_max_message(*config.max_message);
    return ws;
  }
  if (!config.ws_field.empty()) throw key_usage_error("ws_field", "applies to direction down only (frames pushed to a viewer)");
  if (config.stall != client::RunConfig{}.stall)
    throw key_usage_error("stall", "applies to direction down only (frames pushed to a viewer)");
  auto rule = frames::make_answer_rule(config.ws_answer, config.ws_match.empty() ? "order" : config.ws_match,
                                       config.ws_timing);
  if (!rule) {
    const std::string message = rule.error().what();
    std::string key = "ws_answer";
    for (const char* k : {"ws_match", "ws_timing", "ws_answer"})
      if (message.starts_with(k)) {
        key = k;
        break;
      }
    throw keyed(rule.error(), key, key);
  }
  ws.answer = std::move(rule).take();
  ws.reconnect_every = config.reconnect_every;
  if (config.max_message) ws.max_message = checked_max_message(*config.max_message);
  return ws;
}

void check_ws_options_apply(const client::RunConfig& config, bool is_ws) {
  if (is_ws) {
    if (config.connection != client::Connection{})
      throw key_usage_error("connection", fmt::format("applies to http:// and https:// targets only (a ws:// "
                                                      "target keeps one session per device; see reconnect_every)"));
    return;
  }
  const std::pair<const char*, bool> set[] = {
      {"framing", !config.framing.empty()},       {"frame_header", !config.frame_header.empty()},
      {"ws_message", !config.ws_message.empty()}, {"ws_answer", !config.ws_answer.empty()},
      {"ws_match", !config.ws_match.empty()},     {"ws_timing", !config.ws_timing.empty()},
      {"reconnect_every", config.reconnect_every > 0}, {"max_message", config.max_message.has_value()},
      {"direction", config.direction != client::Direction::up}, {"ws_field", !config.ws_field.empty()},
      {"stall", config.stall != client::RunConfig{}.stall},
  };
  for (const auto& [key, given] : set)
    if (given)
      throw key_usage_error(key, fmt::format("applies to ws:// and wss:// targets only (the target is {})",
                                             config.url.empty() ? "the embedded server's upload endpoint" : config.url));
}

}  // namespace latbench::app
