#pragma once
// Profiles: a run described in YAML (profiles/*.yaml), so an experiment is a file that can be
// reviewed, shared and repeated. Every run option has a key (same name as the flag, with `_` for
// `-`); server options live under `server:`. CLI flags given with the profile override it.
//
//   name: keepalive
//   description: One keep-alive connection instead of a new TCP connection per upload.
//   connection: persistent
//   requests: 200
//   image: vga
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "client/run_config.hpp"

namespace latbench::profile {

struct Profile {
  std::string name;                  // `name:` or the file's stem
  std::string description;
  client::RunConfig config;          // `base` with the profile's keys applied
  std::vector<std::string> keys_set; // dotted keys the profile set ("connection", "server.mode")
  // Where each of keys_set was set, as errors name it: "run.yaml:3:10: key 'timeout'".
  std::map<std::string, std::string> places;

  // The place of `key`, or empty when the profile did not set it: an engine error about the key
  // (core/key_error.hpp) is relocated there when the value came from this file.
  std::string place_of(const std::string& key) const {
    const auto it = places.find(key);
    return it == places.end() ? std::string() : it->second;
  }
};

// Reads and validates `path`, applying its keys on top of `base`. Throws latbench::Error (usage)
// with "<file>:<line>:<column>: key '<key>': expected <what>" for a bad value, and "unknown key
// 'conection' (did you mean 'connection'?)" for an unknown one. Nothing is half-applied: the
// caller gets a complete Profile or an error.
Profile load_profile(const std::filesystem::path& path, const client::RunConfig& base = {});
// Same, from text; `file_label` is what error messages call the file.
Profile parse_profile(std::string_view yaml_text, const std::string& file_label,
                      const client::RunConfig& base = {});

// Every key a profile may set (dotted for sections), for help and suggestions.
std::vector<std::string> known_keys();

// The resolved options as a profile `load_profile` reads back to the same RunConfig: kept in the
// run folder so any run can be repeated exactly.
std::string resolved_profile_yaml(const client::RunConfig& config, const std::string& name,
                                  const std::string& description = {});

}  // namespace latbench::profile
