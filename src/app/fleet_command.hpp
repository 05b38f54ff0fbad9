#pragma once
// `latbench fleet manifest`: the Kubernetes Indexed Job of a fleet run (fleet/manifest.hpp) with a
// common start `start_in` after `now`, and the commands that collect and merge its results.
#include <chrono>
#include <string>

#include "fleet/manifest.hpp"

namespace latbench::app {

struct FleetRequest {
  fleet::FleetSpec spec;  // start_at is set here; deadline is counted from the start
  Nanos start_in = std::chrono::seconds(60);
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

struct FleetOutcome {
  std::string yaml;      // for stdout: the Job
  std::string commands;  // for stderr: apply, wait, copy, merge
};

// Throws latbench::Error (usage) naming the key of a bad spec.
FleetOutcome fleet_manifest(const FleetRequest& request);

}  // namespace latbench::app
