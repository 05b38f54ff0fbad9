#pragma once
// A fleet run as a Kubernetes Indexed Job (batch/v1, completionMode: Indexed): N pods, all at
// once (completions = parallelism = N), pod I running `latbench run RUN_ARGS --shard auto/N`
// (I from JOB_COMPLETION_INDEX, which the Job controller sets) with one --start-at for all,
// writing its run folder and its .hlog to <results>/<I> on a shared volume. Kubernetes starts
// and retries the pods; latbench splits the load and merges the results (docs/fleet.md).
#include <chrono>
#include <string>
#include <vector>

#include "core/duration.hpp"
#include "core/error.hpp"

namespace latbench::fleet {

// Where the shards' results go: a PersistentVolumeClaim (ReadWriteMany, so every node's pods can
// write it) or, on a one-node cluster (kind, minikube), a host path.
struct ResultsVolume {
  enum class Kind { claim, host_path } kind = Kind::claim;
  std::string name = "latbench-results";  // the claim's name, or the host path
};
// "pvc:NAME" or "hostpath:/PATH"; an Error naming `what` otherwise.
Result<ResultsVolume> parse_results_volume(std::string_view text, std::string_view what);

struct FleetSpec {
  unsigned shards = 1;
  std::string image;                       // the latbench image (Containerfile), pushed
  std::string name = "latbench-fleet";     // the Job's name (a DNS label)
  std::string ns = "default";
  ResultsVolume results;
  std::string results_path = "/results";   // where the volume is mounted in each pod
  std::string start_at;                    // RFC 3339, the instant every shard starts
  Nanos deadline = std::chrono::hours(1);  // activeDeadlineSeconds: how long the Job may take
  std::string cpu = "2", memory = "1Gi";   // each pod's requests (and limits)
  std::vector<std::string> run_args;       // `latbench run` arguments common to every shard
};

// Checks the spec (shards 1..100000, a DNS-label name and namespace, an image): a usage KeyError
// naming the key ("shards", "image", "name", "namespace"). The run arguments are the caller's to
// check: they must leave the shard, start, out and interval-log options to the manifest.
Result<bool> check_spec(const FleetSpec& spec);

// The Job as YAML (yaml-cpp's emitter). Assumes check_spec passed.
std::string job_yaml(const FleetSpec& spec);

// The commands that apply the Job, wait for it, copy the results and merge them, one per line
// with a comment each (for stderr).
std::string collect_commands(const FleetSpec& spec);

// `t` as RFC 3339 in UTC, whole seconds ("2026-12-02T06:31:00Z").
std::string rfc3339_utc(std::chrono::system_clock::time_point t);

}  // namespace latbench::fleet
