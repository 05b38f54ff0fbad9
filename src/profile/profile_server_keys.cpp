#include "profile/profile_server_keys.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/duration.hpp"
#include "profile/exact_duration.hpp"
#include "server/server_modes.hpp"

namespace latbench::profile {
namespace {

std::string text_of(const YAML::Node& node, const std::function<void(const std::string&)>& fail,
                    std::string_view expected) {
  if (!node.IsScalar()) fail(fmt::format("expected {}", expected));
  return node.Scalar();
}

unsigned count_of(const YAML::Node& node, const std::function<void(const std::string&)>& fail,
                  unsigned lo, unsigned hi) {
  std::string expected = fmt::format("an integer in {}..{}", lo, hi);
  std::string text = text_of(node, fail, expected);
  unsigned v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < lo || v > hi) {
    fail(fmt::format("expected {}, got '{}'", expected, text));
  }
  return v;
}

}  // namespace

std::vector<std::string> server_key_names() {
  return {"mode", "threads", "workers", "infer", "post_cost", "warmup_cost", "decode", "queue"};
}

bool apply_server_key(const std::string& key, const YAML::Node& value, server::ServerOptions& o,
                      const std::function<void(const std::string&)>& fail) {
  if (key == "mode") {
    const auto mode = server::parse_mode(text_of(value, fail, "sync or async"));
    if (!mode) fail(mode.error().what());
    o.mode = *mode;
    return true;
  }
  if (key == "threads") {
    o.threads = count_of(value, fail, 1, 256);
    return true;
  }
  if (key == "workers") {
    o.processing.workers = count_of(value, fail, 0, 1024);
    return true;
  }
  if (key == "queue") {
    o.queue_capacity = count_of(value, fail, 1, 1'000'000);
    return true;
  }
  if (key == "infer") {
    auto d = server::Distribution::parse(text_of(value, fail, "a duration or distribution like normal(40ms,5ms)"),
                                         "server.infer");
    if (!d) fail(d.error().what());
    o.processing.infer = *d;
    return true;
  }
  if (key == "post_cost" || key == "warmup_cost") {
    auto d = parse_duration(text_of(value, fail, "a duration like 2ms"), "server." + key);
    if (!d) fail(d.error().what());
    if (*d > server::k_max_simulated_stage)
      fail(fmt::format("{} is longer than the longest simulated stage (1h)", format_duration(*d)));
    (key == "post_cost" ? o.processing.post_cost : o.processing.warmup_cost) = *d;
    return true;
  }
  if (key == "decode") {
    const auto decode = server::parse_decode(text_of(value, fail, "full, header or none"));
    if (!decode) fail(decode.error().what());
    o.processing.decode = *decode;
    return true;
  }
  return false;
}

void emit_server_keys(YAML::Emitter& out, const server::ServerOptions& o) {
  out << YAML::BeginMap;
  out << YAML::Key << "mode" << YAML::Value << std::string(server::mode_name(o.mode));
  out << YAML::Key << "threads" << YAML::Value << o.threads;
  out << YAML::Key << "workers" << YAML::Value << o.processing.workers;
  out << YAML::Key << "infer" << YAML::Value << o.processing.infer.to_string();
  out << YAML::Key << "post_cost" << YAML::Value << format_duration_exact(o.processing.post_cost);
  out << YAML::Key << "warmup_cost" << YAML::Value << format_duration_exact(o.processing.warmup_cost);
  out << YAML::Key << "decode" << YAML::Value << std::string(server::decode_name(o.processing.decode));
  out << YAML::Key << "queue" << YAML::Value << o.queue_capacity;
  out << YAML::EndMap;
}

}  // namespace latbench::profile
