#include "profile/profile_server_keys.hpp"

#include <fmt/format.h>

#include <charconv>

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

std::vector<std::string> server_key_names() { return {"mode", "threads"}; }

bool apply_server_key(const std::string& key, const YAML::Node& value, server::ServerOptions& o,
                      const std::function<void(const std::string&)>& fail) {
  if (key == "mode") {
    std::string m = text_of(value, fail, "sync or async");
    if (m == "sync") o.mode = server::Mode::sync;
    else if (m == "async") o.mode = server::Mode::async;
    else fail(fmt::format("expected sync or async, got '{}'", m));
    return true;
  }
  if (key == "threads") {
    o.threads = count_of(value, fail, 1, 256);
    return true;
  }
  return false;
}

void emit_server_keys(YAML::Emitter& out, const server::ServerOptions& o) {
  out << YAML::BeginMap;
  out << YAML::Key << "mode" << YAML::Value << (o.mode == server::Mode::async ? "async" : "sync");
  out << YAML::Key << "threads" << YAML::Value << o.threads;
  out << YAML::EndMap;
}

}  // namespace latbench::profile
