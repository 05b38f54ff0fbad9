#include "profile/profile.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

#include "link/link_spec.hpp"
#include "payload/encoding.hpp"
#include "profile/exact_duration.hpp"
#include "profile/profile_server_keys.hpp"
#include "core/suggest.hpp"

namespace latbench::profile {
namespace {

using client::RunConfig;

// A located error: "<file>:<line>:<col>: key '<key>': <what>".
struct Where {
  const std::string& file;
  std::string key;
  YAML::Mark mark;
  std::string place() const { return fmt::format("{}:{}:{}: key '{}'", file, mark.line + 1, mark.column + 1, key); }
  [[noreturn]] void fail(const std::string& what) const { throw usage_error(place() + ": " + what); }
};

std::string scalar(const YAML::Node& node, const Where& where, std::string_view expected) {
  if (!node.IsScalar()) where.fail(fmt::format("expected {}, got a {}", expected, node.IsSequence() ? "list" : node.IsMap() ? "mapping" : "null"));
  return node.Scalar();
}

template <class Int>
Int integer(const YAML::Node& node, const Where& where, Int lo, Int hi) {
  std::string expected = fmt::format("an integer in {}..{}", lo, hi);
  std::string text = scalar(node, where, expected);
  Int value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < lo || value > hi) {
    where.fail(fmt::format("expected {}, got '{}'", expected, text));
  }
  return value;
}

// Parsers of the engine name the key themselves ("timeout: invalid duration ..."): keep their
// words, add the location.
template <class T>
T parsed(Result<T> result, const Where& where) {
  if (!result) {
    throw usage_error(fmt::format("{}:{}:{}: {}", where.file, where.mark.line + 1,
                                  where.mark.column + 1, result.error().what()));
  }
  return std::move(result).take();
}

Nanos duration(const YAML::Node& node, const Where& where) {
  return parsed(parse_duration(scalar(node, where, "a duration like 100ms"), where.key), where);
}

bool boolean(const YAML::Node& node, const Where& where) {
  std::string text = scalar(node, where, "true or false");
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  where.fail(fmt::format("expected true or false, got '{}'", text));
}

std::vector<std::string> header_list(const YAML::Node& node, const Where& where) {
  std::vector<std::string> out;
  if (node.IsMap()) {  // headers: {X-Token: abc}
    for (const auto& kv : node) out.push_back(kv.first.Scalar() + ": " + kv.second.Scalar());
  } else if (node.IsSequence()) {  // headers: ["X-Token: abc"]
    for (const auto& item : node) {
      std::string h = scalar(item, where, "'Name: value' strings");
      if (h.find(':') == std::string::npos || h.front() == ':') {
        where.fail(fmt::format("expected 'Name: value', got '{}'", h));
      }
      out.push_back(h);
    }
  } else {
    where.fail("expected a list of 'Name: value' strings or a mapping of name: value");
  }
  return out;
}

using Setter = std::function<void(const YAML::Node&, RunConfig&, const Where&)>;

struct Key {
  std::string name;
  Setter set;
};

const std::vector<Key>& root_keys() {
  static const std::vector<Key> k_keys = {
      {"url", [](auto& n, RunConfig& c, auto& w) { c.url = scalar(n, w, "an http:// or https:// URL"); }},
      {"insecure", [](auto& n, RunConfig& c, auto& w) {
         c.tls.peer = boolean(n, w) ? client::PeerCheck::skip : client::PeerCheck::verify;
       }},
      {"cacert", [](auto& n, RunConfig& c, auto& w) {
         c.tls.ca_file = scalar(n, w, "the path of a PEM certificate file");
       }},
      {"link", [](auto& n, RunConfig& c, auto& w) {
         c.link = scalar(n, w, "a preset of profiles/links.yaml or a spec like delay=40ms,up=2mbit");
         // Checked here, where the error can name the file and line; the run resolves it again.
         parsed(link::resolve_link(c.link, link::default_link_presets_path(), w.key), w);
       }},
      {"devices", [](auto& n, RunConfig& c, auto& w) { c.devices = integer<unsigned>(n, w, 1, 10000); }},
      {"requests", [](auto& n, RunConfig& c, auto& w) { c.requests = integer<std::uint64_t>(n, w, 0, 1'000'000'000); }},
      {"duration", [](auto& n, RunConfig& c, auto& w) { c.duration = duration(n, w); }},
      {"warmup", [](auto& n, RunConfig& c, auto& w) { c.warmup = integer<std::uint64_t>(n, w, 0, 1'000'000); }},
      {"connection", [](auto& n, RunConfig& c, auto& w) {
         c.connection = parsed(client::parse_connection(scalar(n, w, "new, persistent or pool=N"), w.key), w);
       }},
      {"rate", [](auto& n, RunConfig& c, auto& w) {
         c.rate_per_s = parsed(client::parse_rate(scalar(n, w, "a rate like 30/s"), w.key), w);
       }},
      {"think", [](auto& n, RunConfig& c, auto& w) { c.think = duration(n, w); }},
      {"max_in_flight", [](auto& n, RunConfig& c, auto& w) { c.max_in_flight = integer<unsigned>(n, w, 0, 100000); }},
      {"timeout", [](auto& n, RunConfig& c, auto& w) { c.timeout = duration(n, w); }},
      {"image", [](auto& n, RunConfig& c, auto& w) { c.image = scalar(n, w, "vga, hd, WxH or a path"); }},
      {"quality", [](auto& n, RunConfig& c, auto& w) { c.quality = integer<int>(n, w, 1, 100); }},
      {"encoding", [](auto& n, RunConfig& c, auto& w) {
         c.encoding = parsed(payload::parse_encoding(scalar(n, w, "raw, multipart or base64-json"), w.key), w);
       }},
      {"headers", [](auto& n, RunConfig& c, auto& w) { c.headers = header_list(n, w); }},
      {"expect_continue", [](auto& n, RunConfig& c, auto& w) {
         c.expect = boolean(n, w) ? client::ExpectContinue::on : client::ExpectContinue::off;
       }},
      {"send_buffer", [](auto& n, RunConfig& c, auto& w) {
         c.send_buffer = parsed(client::parse_send_buffer(scalar(n, w, "auto, os or a size in bytes"), w.key), w);
       }},
      {"device_id_prefix", [](auto& n, RunConfig& c, auto& w) { c.device_id_prefix = scalar(n, w, "a string"); }},
      {"max_start_lag", [](auto& n, RunConfig& c, auto& w) { c.max_start_lag = duration(n, w); }},
  };
  return k_keys;
}

std::vector<std::string> names_of(const std::vector<std::string>& extra) {
  std::vector<std::string> names{"name", "description", "server"};
  for (const auto& k : root_keys()) names.push_back(k.name);
  names.insert(names.end(), extra.begin(), extra.end());
  return names;
}

[[noreturn]] void unknown_key(const std::string& file, const YAML::Node& key_node,
                              const std::string& key, const std::vector<std::string>& candidates,
                              const std::string& section) {
  auto suggestion = did_you_mean(key, candidates);
  std::string names;
  for (const auto& c : candidates) names += (names.empty() ? "" : ", ") + c;
  throw usage_error(fmt::format("{}:{}:{}: unknown key '{}{}'{} (expected one of: {})", file,
                                key_node.Mark().line + 1, key_node.Mark().column + 1, section, key,
                                suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : "",
                                names));
}

}  // namespace

std::vector<std::string> known_keys() {
  std::vector<std::string> keys = names_of({});
  for (const auto& k : server_key_names()) keys.push_back("server." + k);
  return keys;
}

Profile parse_profile(std::string_view yaml_text, const std::string& file_label, const RunConfig& base) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    throw usage_error(fmt::format("{}:{}:{}: not valid YAML: {}", file_label, e.mark.line + 1,
                                  e.mark.column + 1, e.msg));
  }
  if (!root.IsMap()) {
    throw usage_error(fmt::format("{}:1:1: expected a mapping of run options (key: value), got {}",
                                  file_label, root.IsNull() ? "an empty file" : "something else"));
  }
  Profile p;
  p.config = base;
  const std::vector<std::string> root_names = names_of({});
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    Where where{file_label, key, kv.second.Mark()};
    if (key == "name") {
      p.name = scalar(kv.second, where, "a string");
    } else if (key == "description") {
      p.description = scalar(kv.second, where, "a string");
    } else if (key == "server") {
      if (!kv.second.IsMap()) where.fail("expected a mapping of server options (mode, workers, ...)");
      for (const auto& skv : kv.second) {
        const std::string skey = skv.first.Scalar();
        Where swhere{file_label, "server." + skey, skv.second.Mark()};
        if (!apply_server_key(skey, skv.second, p.config.server, [&swhere](const std::string& what) {
              swhere.fail(what);
            })) {
          unknown_key(file_label, skv.first, skey, server_key_names(), "server.");
        }
        p.keys_set.push_back("server." + skey);
        p.places["server." + skey] = swhere.place();
      }
      continue;
    } else {
      auto it = std::find_if(root_keys().begin(), root_keys().end(),
                             [&key](const Key& k) { return k.name == key; });
      if (it == root_keys().end()) unknown_key(file_label, kv.first, key, root_names, "");
      it->set(kv.second, p.config, where);
    }
    p.keys_set.push_back(key);
    p.places[key] = where.place();
  }
  return p;
}

Profile load_profile(const std::filesystem::path& path, const RunConfig& base) {
  std::ifstream in(path);
  if (!in) throw usage_error(fmt::format("{}: cannot read profile", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  Profile p = parse_profile(text.str(), path.string(), base);
  if (p.name.empty()) p.name = path.stem().string();
  return p;
}

std::string resolved_profile_yaml(const RunConfig& c, const std::string& name,
                                  const std::string& description) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << name;
  if (!description.empty()) out << YAML::Key << "description" << YAML::Value << description;
  if (!c.url.empty()) out << YAML::Key << "url" << YAML::Value << c.url;
  if (c.tls.peer == client::PeerCheck::skip) out << YAML::Key << "insecure" << YAML::Value << true;
  // Absolute: the run folder's profile replays from any directory.
  if (!c.tls.ca_file.empty()) {
    out << YAML::Key << "cacert" << YAML::Value << std::filesystem::absolute(c.tls.ca_file).string();
  }
  if (!c.link.empty()) out << YAML::Key << "link" << YAML::Value << c.link;
  out << YAML::Key << "devices" << YAML::Value << c.devices;
  out << YAML::Key << "requests" << YAML::Value << c.requests;
  if (c.duration) out << YAML::Key << "duration" << YAML::Value << format_duration_exact(*c.duration);
  out << YAML::Key << "warmup" << YAML::Value << c.warmup;
  out << YAML::Key << "connection" << YAML::Value << client::format_connection(c.connection);
  if (c.rate_per_s) out << YAML::Key << "rate" << YAML::Value << fmt::format("{}/s", *c.rate_per_s);
  out << YAML::Key << "think" << YAML::Value << format_duration_exact(c.think);
  out << YAML::Key << "max_in_flight" << YAML::Value << c.max_in_flight;
  out << YAML::Key << "timeout" << YAML::Value << format_duration_exact(c.timeout);
  out << YAML::Key << "image" << YAML::Value << c.image;
  out << YAML::Key << "quality" << YAML::Value << c.quality;
  out << YAML::Key << "encoding" << YAML::Value << std::string(payload::encoding_name(c.encoding));
  if (!c.headers.empty()) out << YAML::Key << "headers" << YAML::Value << c.headers;
  out << YAML::Key << "expect_continue" << YAML::Value << (c.expect == client::ExpectContinue::on);
  out << YAML::Key << "send_buffer" << YAML::Value << client::format_send_buffer(c.send_buffer);
  out << YAML::Key << "device_id_prefix" << YAML::Value << c.device_id_prefix;
  out << YAML::Key << "max_start_lag" << YAML::Value << format_duration_exact(c.max_start_lag);
  if (c.url.empty()) {
    out << YAML::Key << "server" << YAML::Value;
    emit_server_keys(out, c.server);
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace latbench::profile
