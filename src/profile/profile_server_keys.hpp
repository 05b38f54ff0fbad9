#pragma once
// The `server:` section of a profile: options of the embedded reference server that `latbench
// run` passes through (only those server::ServerOptions has).
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

#include "server/reference_server.hpp"

namespace latbench::profile {

std::vector<std::string> server_key_names();

// Applies `server.<key>`; returns false for an unknown key. `fail` throws with the location.
bool apply_server_key(const std::string& key, const YAML::Node& value, server::ServerOptions& options,
                      const std::function<void(const std::string&)>& fail);

// The section as a YAML mapping that apply_server_key reads back.
void emit_server_keys(YAML::Emitter& out, const server::ServerOptions& options);

}  // namespace latbench::profile
