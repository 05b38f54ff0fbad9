#include "profile/profile.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "core/suggest.hpp"
#include "profile/run_option_table.hpp"

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

// A list's items: a sequence of scalars, or a mapping whose pairs read "name: value" (headers:
// {X-Token: abc}).
template <class Config>
std::vector<std::string> items_of(const YAML::Node& node, const Where& where, const OptionRow<Config>& row) {
  std::vector<std::string> out;
  if (node.IsMap()) {
    for (const auto& kv : node) out.push_back(kv.first.Scalar() + ": " + kv.second.Scalar());
  } else if (node.IsSequence()) {
    for (const auto& item : node) out.push_back(scalar(item, where, row.expected));
  } else {
    where.fail(fmt::format("expected a list of {} or a mapping of name: value", row.expected));
  }
  return out;
}

// One key of the table: the value's text through the row's own parser, its words located here.
template <class Config>
void apply(const OptionRow<Config>& row, const YAML::Node& node, Config& config, const Where& where) {
  const std::string what = fmt::format("key '{}'", where.key);
  auto set = [&](const std::string& text) {
    auto applied = row.set(config, text, what);
    if (!applied) {
      throw Error(applied.error().kind(), fmt::format("{}:{}:{}: {}", where.file, where.mark.line + 1,
                                                     where.mark.column + 1, applied.error().what()));
    }
  };
  if (row.kind != OptionKind::list) return set(scalar(node, where, row.expected));
  const auto items = items_of(node, where, row);
  row.clear(config);
  for (const auto& item : items) set(item);
}

template <class Config>
const OptionRow<Config>* find_row(const std::vector<OptionRow<Config>>& rows, const std::string& key) {
  for (const auto& row : rows)
    if (row.key == key) return &row;
  return nullptr;
}

std::vector<std::string> server_names() {
  std::vector<std::string> names;
  for (const auto& row : server_options()) names.push_back(row.key);
  return names;
}

std::vector<std::string> root_names() {
  std::vector<std::string> names{"name", "description", "server"};
  for (const auto& row : run_options()) names.push_back(row.key);
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
  std::vector<std::string> keys = root_names();
  for (const auto& k : server_names()) keys.push_back("server." + k);
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
  const std::vector<std::string> names = root_names();
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
        const ServerOption* row = find_row(server_options(), skey);
        if (!row) unknown_key(file_label, skv.first, skey, server_names(), "server.");
        apply(*row, skv.second, p.config.server, swhere);
        p.keys_set.push_back("server." + skey);
        p.places["server." + skey] = swhere.place();
      }
      continue;
    } else {
      const RunOption* row = find_row(run_options(), key);
      if (!row) unknown_key(file_label, kv.first, key, names, "");
      apply(*row, kv.second, p.config, where);
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

namespace {

// Each row's value as format() gives it: a flag as a YAML boolean, a list as a sequence.
template <class Config>
void emit_rows(YAML::Emitter& out, const std::vector<OptionRow<Config>>& rows, const Config& config) {
  for (const auto& row : rows) {
    const auto texts = row.format(config);
    if (texts.empty()) continue;
    out << YAML::Key << row.key << YAML::Value;
    if (row.kind == OptionKind::list) out << texts;
    else if (row.kind == OptionKind::flag) out << (texts.front() == "true");
    else out << texts.front();
  }
}

}  // namespace

std::string resolved_profile_yaml(const RunConfig& c, const std::string& name,
                                  const std::string& description) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << name;
  if (!description.empty()) out << YAML::Key << "description" << YAML::Value << description;
  emit_rows(out, run_options(), c);
  if (c.url.empty()) {
    out << YAML::Key << "server" << YAML::Value << YAML::BeginMap;
    emit_rows(out, server_options(), c.server);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace latbench::profile
