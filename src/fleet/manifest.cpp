#include "fleet/manifest.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/key_error.hpp"

namespace latbench::fleet {
namespace {

// Kubernetes caps Indexed Jobs at 10^5 completions with parallelism (KEP-2214).
constexpr unsigned k_max_shards = 100'000;
// A Job's pods are named <job>-<index>-<5 random>: 63 - 6 digits - 7 leaves this for the name.
constexpr std::size_t k_max_name = 50;

bool is_dns_label(std::string_view s) {
  if (s.empty() || s.size() > k_max_name || s.front() == '-' || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string index_dir(const FleetSpec& spec) { return spec.results_path + "/$(JOB_COMPLETION_INDEX)"; }

long long seconds(Nanos d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

void labels(YAML::Emitter& out, const FleetSpec& spec) {
  out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "app.kubernetes.io/name" << YAML::Value << "latbench";
  out << YAML::Key << "latbench/fleet" << YAML::Value << spec.name;
  out << YAML::EndMap;
}

void container(YAML::Emitter& out, const FleetSpec& spec) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << "latbench";
  out << YAML::Key << "image" << YAML::Value << spec.image;
  out << YAML::Key << "args" << YAML::Value << YAML::BeginSeq << "run";
  for (const auto& a : spec.run_args) out << YAML::DoubleQuoted << a;
  // $(JOB_COMPLETION_INDEX) is expanded by the kubelet from the container's environment.
  for (const std::string& a : {std::string("--shard"), fmt::format("auto/{}", spec.shards), std::string("--start-at"),
                               spec.start_at, std::string("--out"), index_dir(spec), std::string("--export-hlog"),
                               index_dir(spec) + "/run.hlog"})
    out << YAML::DoubleQuoted << a;
  out << YAML::EndSeq;
  // The controller sets it too (Kubernetes >= 1.22); said here so $(...) expands on any version.
  out << YAML::Key << "env" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << "JOB_COMPLETION_INDEX";
  out << YAML::Key << "valueFrom" << YAML::Value << YAML::BeginMap << YAML::Key << "fieldRef" << YAML::Value
      << YAML::BeginMap << YAML::Key << "fieldPath" << YAML::Value
      << "metadata.annotations['batch.kubernetes.io/job-completion-index']" << YAML::EndMap << YAML::EndMap;
  out << YAML::EndMap << YAML::EndSeq;
  // Requests = limits: the Guaranteed QoS class, so a shard is not throttled by its neighbours.
  out << YAML::Key << "resources" << YAML::Value << YAML::BeginMap;
  for (const char* k : {"requests", "limits"}) {
    out << YAML::Key << k << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "cpu" << YAML::Value << YAML::DoubleQuoted << spec.cpu;
    out << YAML::Key << "memory" << YAML::Value << YAML::DoubleQuoted << spec.memory;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "volumeMounts" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << "results" << YAML::Key << "mountPath" << YAML::Value << spec.results_path;
  out << YAML::EndMap << YAML::EndSeq;
  out << YAML::EndMap;
}

void volume(YAML::Emitter& out, const FleetSpec& spec) {
  out << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "results";
  if (spec.results.kind == ResultsVolume::Kind::claim) {
    out << YAML::Key << "persistentVolumeClaim" << YAML::Value << YAML::BeginMap << YAML::Key << "claimName"
        << YAML::Value << spec.results.name << YAML::EndMap;
  } else {
    out << YAML::Key << "hostPath" << YAML::Value << YAML::BeginMap << YAML::Key << "path" << YAML::Value
        << spec.results.name << YAML::Key << "type" << YAML::Value << "DirectoryOrCreate" << YAML::EndMap;
  }
  out << YAML::EndMap << YAML::EndSeq;
}

}  // namespace

Result<ResultsVolume> parse_results_volume(std::string_view text, std::string_view what) {
  ResultsVolume v;
  if (text.starts_with("pvc:") && is_dns_label(text.substr(4))) {
    v.name = std::string(text.substr(4));
    return v;
  }
  if (text.starts_with("hostpath:/") && text.size() > 10) {
    v.kind = ResultsVolume::Kind::host_path;
    v.name = std::string(text.substr(9));
    return v;
  }
  return usage_error(fmt::format("{}: expected pvc:NAME (a PersistentVolumeClaim, ReadWriteMany) or hostpath:/PATH, got '{}'",
                                 what, text));
}

Result<bool> check_spec(const FleetSpec& spec) {
  if (spec.shards < 1 || spec.shards > k_max_shards)
    return key_usage_error("shards", fmt::format("expected 1..{} (Kubernetes' limit for an Indexed Job), got {}",
                                                 k_max_shards, spec.shards));
  if (spec.image.empty()) return key_usage_error("image", "expected the latbench image to run, e.g. registry.example/latbench:1");
  if (!is_dns_label(spec.name))
    return key_usage_error("name", fmt::format("expected lower-case letters, digits and '-', at most {} characters, got '{}'",
                                               k_max_name, spec.name));
  if (!is_dns_label(spec.ns)) return key_usage_error("namespace", fmt::format("expected a DNS label, got '{}'", spec.ns));
  return true;
}

std::string job_yaml(const FleetSpec& spec) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "apiVersion" << YAML::Value << "batch/v1";
  out << YAML::Key << "kind" << YAML::Value << "Job";
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << spec.name;
  out << YAML::Key << "namespace" << YAML::Value << spec.ns;
  labels(out, spec);
  out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap << YAML::Key << "latbench/start-at" << YAML::Value
      << spec.start_at << YAML::EndMap;
  out << YAML::EndMap;
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "completionMode" << YAML::Value << "Indexed";
  out << YAML::Key << "completions" << YAML::Value << spec.shards;
  out << YAML::Key << "parallelism" << YAML::Value << spec.shards;
  // A retried pod would start after --start-at and measure a different instant: no retries; a
  // failed shard shows as a missing index at merge, and the fleet is run again.
  out << YAML::Key << "backoffLimit" << YAML::Value << 0;
  out << YAML::Key << "activeDeadlineSeconds" << YAML::Value << seconds(spec.deadline);
  out << YAML::Key << "ttlSecondsAfterFinished" << YAML::Value << 86400;
  out << YAML::Key << "template" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  labels(out, spec);
  out << YAML::EndMap;
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "restartPolicy" << YAML::Value << "Never";
  // The image runs as 65532 (Containerfile); fsGroup lets it write a claim's volume.
  out << YAML::Key << "securityContext" << YAML::Value << YAML::BeginMap;
  for (const char* k : {"runAsUser", "runAsGroup", "fsGroup"}) out << YAML::Key << k << YAML::Value << 65532;
  out << YAML::EndMap;
  out << YAML::Key << "containers" << YAML::Value << YAML::BeginSeq;
  container(out, spec);
  out << YAML::EndSeq;
  out << YAML::Key << "volumes" << YAML::Value;
  volume(out, spec);
  out << YAML::EndMap << YAML::EndMap << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string collect_commands(const FleetSpec& spec) {
  const std::string ns = spec.ns;
  // A pod that only mounts the results volume, to copy from once the shards have exited.
  nlohmann::json pod = {
      {"spec",
       {{"containers",
         {{{"name", "collect"},
           {"image", spec.image},
           {"command", {"sleep", "3600"}},
           {"volumeMounts", {{{"name", "results"}, {"mountPath", spec.results_path}}}}}}},
        {"volumes", {spec.results.kind == ResultsVolume::Kind::claim
                         ? nlohmann::json{{"name", "results"}, {"persistentVolumeClaim", {{"claimName", spec.results.name}}}}
                         : nlohmann::json{{"name", "results"}, {"hostPath", {{"path", spec.results.name}}}}}}}}};
  std::string out;
  out += fmt::format("# The shards start together at {} (--start-at): apply before then.\n", spec.start_at);
  out += "kubectl apply -f fleet.yaml\n";
  out += fmt::format("kubectl -n {} wait --for=condition=complete job/{} --timeout={}s\n", ns, spec.name,
                     seconds(spec.deadline));
  out += "# Copy every shard's folder (<index>/samples.jsonl, summary.json, run.hlog) off the volume:\n";
  out += fmt::format("kubectl -n {} run {}-collect --image={} --restart=Never --overrides='{}'\n", ns, spec.name,
                     spec.image, pod.dump());
  out += fmt::format("kubectl -n {} wait --for=condition=Ready pod/{}-collect --timeout=120s\n", ns, spec.name);
  out += fmt::format("kubectl -n {} cp {}-collect:{} ./{}-results\n", ns, spec.name, spec.results_path, spec.name);
  out += fmt::format("kubectl -n {} delete pod {}-collect\n", ns, spec.name);
  out += "# One run from the shards' samples (checks that every index is there), or from histograms alone:\n";
  out += fmt::format("latbench merge ./{0}-results/* --out ./{0}-merged\n", spec.name);
  out += fmt::format("latbench hlog merge ./{0}-results/*/run.hlog --out ./{0}.hlog\n", spec.name);
  out += "# Against last week's fleet run:\n";
  out += fmt::format("latbench compare ./last-week-merged/samples.jsonl ./{}-merged/samples.jsonl\n", spec.name);
  return out;
}

std::string rfc3339_utc(std::chrono::system_clock::time_point t) {
  const std::time_t s = std::chrono::system_clock::to_time_t(std::chrono::ceil<std::chrono::seconds>(t));
  std::tm tm{};
  gmtime_r(&s, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace latbench::fleet
