#include "app/fleet_command.hpp"

#include <fmt/format.h>

#include "core/key_error.hpp"

namespace latbench::app {

FleetOutcome fleet_manifest(const FleetRequest& request) {
  fleet::FleetSpec spec = request.spec;
  if (request.start_in < std::chrono::seconds(0)) throw key_usage_error("start_in", "expected a duration >= 0s");
  spec.start_at = fleet::rfc3339_utc(request.now + request.start_in);
  // activeDeadlineSeconds runs from the Job's start, which includes the wait for --start-at.
  spec.deadline = request.spec.deadline + request.start_in;
  fleet::check_spec(spec).take();
  return {fleet::job_yaml(spec), fleet::collect_commands(spec)};
}

}  // namespace latbench::app
