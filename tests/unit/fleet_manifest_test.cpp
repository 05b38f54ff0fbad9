// fleet/manifest.hpp and app/fleet_command.hpp: the Job parsed back (yaml-cpp) field by field is
// an Indexed Job of N pods at once, each running the whole load's arguments with its shard, the
// one start instant, its own results folder on the shared volume and its .hlog; bad specs are
// errors naming the key.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "app/fleet_command.hpp"
#include "core/key_error.hpp"
#include "fleet/manifest.hpp"

using namespace latbench;

namespace {

app::FleetRequest request() {
  app::FleetRequest r;
  r.spec.shards = 4;
  r.spec.image = "registry.example/latbench:1";
  r.spec.ns = "load";
  r.spec.run_args = {"profiles/keepalive.yaml", "--devices", "1000", "--rate", "1/s", "--url", "http://ingest:8000/upload"};
  r.start_in = std::chrono::seconds(90);
  // 2026-12-02T06:30:00.250Z: the start is rounded up to a whole second.
  r.now = std::chrono::system_clock::time_point(std::chrono::milliseconds(1796193000250LL));
  return r;
}

}  // namespace

TEST(FleetManifest, TheJobParsedBackIsAnIndexedJobOfNShardsStartingTogether) {
  const auto out = app::fleet_manifest(request());
  const YAML::Node job = YAML::Load(out.yaml);
  EXPECT_EQ(job["apiVersion"].as<std::string>(), "batch/v1");
  EXPECT_EQ(job["kind"].as<std::string>(), "Job");
  EXPECT_EQ(job["metadata"]["name"].as<std::string>(), "latbench-fleet");
  EXPECT_EQ(job["metadata"]["namespace"].as<std::string>(), "load");
  EXPECT_EQ(job["metadata"]["annotations"]["latbench/start-at"].as<std::string>(), "2026-12-02T06:31:31Z");
  const YAML::Node spec = job["spec"];
  EXPECT_EQ(spec["completionMode"].as<std::string>(), "Indexed");
  EXPECT_EQ(spec["completions"].as<int>(), 4);
  EXPECT_EQ(spec["parallelism"].as<int>(), 4);
  EXPECT_EQ(spec["backoffLimit"].as<int>(), 0);
  EXPECT_EQ(spec["activeDeadlineSeconds"].as<int>(), 3600 + 90);
  EXPECT_EQ(spec["template"]["metadata"]["labels"]["latbench/fleet"].as<std::string>(), "latbench-fleet");
  const YAML::Node pod = spec["template"]["spec"];
  EXPECT_EQ(pod["restartPolicy"].as<std::string>(), "Never");
  EXPECT_EQ(pod["securityContext"]["fsGroup"].as<int>(), 65532);  // the Containerfile's user writes the claim
  ASSERT_EQ(pod["containers"].size(), 1u);
  const YAML::Node c = pod["containers"][0];
  EXPECT_EQ(c["image"].as<std::string>(), "registry.example/latbench:1");
  const std::vector<std::string> args = c["args"].as<std::vector<std::string>>();
  const std::vector<std::string> want = {
      "run", "profiles/keepalive.yaml", "--devices", "1000", "--rate", "1/s", "--url", "http://ingest:8000/upload",
      "--shard", "auto/4", "--start-at", "2026-12-02T06:31:31Z", "--out", "/results/$(JOB_COMPLETION_INDEX)",
      "--export-hlog", "/results/$(JOB_COMPLETION_INDEX)/run.hlog"};
  EXPECT_EQ(args, want);
  ASSERT_EQ(c["env"].size(), 1u);
  EXPECT_EQ(c["env"][0]["name"].as<std::string>(), "JOB_COMPLETION_INDEX");
  EXPECT_EQ(c["env"][0]["valueFrom"]["fieldRef"]["fieldPath"].as<std::string>(),
            "metadata.annotations['batch.kubernetes.io/job-completion-index']");
  EXPECT_EQ(c["resources"]["requests"]["cpu"].as<std::string>(), "2");
  EXPECT_EQ(c["resources"]["limits"]["memory"].as<std::string>(), "1Gi");
  EXPECT_EQ(c["volumeMounts"][0]["mountPath"].as<std::string>(), "/results");
  EXPECT_EQ(c["volumeMounts"][0]["name"].as<std::string>(), pod["volumes"][0]["name"].as<std::string>());
  EXPECT_EQ(pod["volumes"][0]["persistentVolumeClaim"]["claimName"].as<std::string>(), "latbench-results");
  // The commands: apply, wait for this Job, copy off the claim, merge samples and histograms.
  for (const char* line : {"kubectl apply -f fleet.yaml", "kubectl -n load wait --for=condition=complete job/latbench-fleet",
                           "\"claimName\":\"latbench-results\"", "kubectl -n load cp latbench-fleet-collect:/results",
                           "latbench merge ./latbench-fleet-results/*", "latbench hlog merge ./latbench-fleet-results/*/run.hlog"})
    EXPECT_NE(out.commands.find(line), std::string::npos) << line << "\n" << out.commands;
}

TEST(FleetManifest, AHostPathVolumeForOneNodeClusters) {
  auto r = request();
  r.spec.results = fleet::parse_results_volume("hostpath:/var/latbench", "--results-volume").take();
  const YAML::Node job = YAML::Load(app::fleet_manifest(r).yaml);
  const YAML::Node v = job["spec"]["template"]["spec"]["volumes"][0];
  EXPECT_EQ(v["hostPath"]["path"].as<std::string>(), "/var/latbench");
  EXPECT_EQ(v["hostPath"]["type"].as<std::string>(), "DirectoryOrCreate");
  EXPECT_FALSE(v["persistentVolumeClaim"]);
  const auto bad = fleet::parse_results_volume("nfs:x", "--results-volume");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.error().what()).find("--results-volume: expected pvc:NAME"), std::string::npos);
}

TEST(FleetManifest, BadSpecsAreErrorsNamingTheKey) {
  auto key_of = [](app::FleetRequest r) -> std::string {
    try {
      app::fleet_manifest(r);
    } catch (const Error& e) {
      return e.key().empty() ? e.what() : e.key();
    }
    return "no error";
  };
  auto r = request();
  r.spec.shards = 0;
  EXPECT_EQ(key_of(r), "shards");
  r = request();
  r.spec.shards = 100'001;
  EXPECT_EQ(key_of(r), "shards");
  r = request();
  r.spec.image.clear();
  EXPECT_EQ(key_of(r), "image");
  r = request();
  r.spec.name = "Fleet_1";
  EXPECT_EQ(key_of(r), "name");
  r = request();
  r.spec.ns = "Load";
  EXPECT_EQ(key_of(r), "namespace");
}
