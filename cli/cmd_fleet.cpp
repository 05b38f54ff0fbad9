// `latbench fleet manifest --shards N --image IMAGE [...] -- RUN_ARGS...`: flags -> FleetRequest
// -> app::fleet_manifest -> the Job's YAML on stdout, the commands to collect it on stderr.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "commands.hpp"
#include "app/fleet_command.hpp"
#include "core/duration.hpp"
#include "core/error.hpp"

namespace latbench::cli {
namespace {

struct FleetOptions {
  int shards = 0;
  std::string image, name = "latbench-fleet", ns = "default", results = "pvc:latbench-results";
  std::string start_in = "60s", deadline = "1h", cpu = "2", memory = "1Gi";
  std::vector<std::string> run_args;
};

int run_manifest(const FleetOptions& o) {
  app::FleetRequest r;
  if (o.shards < 1) throw usage_error(fmt::format("--shards: expected 1 or more, got {}", o.shards));
  r.spec.shards = static_cast<unsigned>(o.shards);
  r.spec.image = o.image;
  r.spec.name = o.name;
  r.spec.ns = o.ns;
  r.spec.results = fleet::parse_results_volume(o.results, "--results-volume").take();
  r.spec.cpu = o.cpu;
  r.spec.memory = o.memory;
  // The manifest sets these per shard: given again, the pod's command line would hold both.
  for (const auto& a : o.run_args)
    for (const char* owned : {"--shard", "--start-at", "--out", "--export-hlog"})
      if (a == owned || a.starts_with(std::string(owned) + "="))
        throw usage_error(fmt::format("latbench fleet manifest: the run arguments after '--': {} is set by the "
                                      "manifest for each shard; leave it out", owned));
  r.spec.run_args = o.run_args;
  r.spec.deadline = parse_duration(o.deadline, "--deadline").take();
  r.start_in = parse_duration(o.start_in, "--start-in").take();
  const app::FleetOutcome out = app::fleet_manifest(r);
  std::fputs(out.yaml.c_str(), stdout);
  std::fputs(out.commands.c_str(), stderr);
  return 0;
}

}  // namespace

void register_fleet(CLI::App& app, Action& action) {
  auto o = std::make_shared<FleetOptions>();
  auto* cmd = app.add_subcommand("fleet", "Run one load from many machines: a Kubernetes Indexed Job (docs/fleet.md)");
  cmd->require_subcommand(1);
  auto* m = cmd->add_subcommand("manifest", "Print the Indexed Job of a fleet run (YAML) and, on stderr, how to "
                                            "collect and merge its results");
  m->add_option("--shards", o->shards, "Pods, each running its share of the load (--shard auto/N)")->required();
  m->add_option("--image", o->image, "The latbench image to run (built from the Containerfile), pushed")->required();
  m->add_option("--start-in", o->start_in, "Every shard starts this long after now (--start-at); time to pull and "
                                           "schedule")->capture_default_str();
  m->add_option("--namespace", o->ns, "Kubernetes namespace")->capture_default_str();
  m->add_option("--name", o->name, "The Job's name")->capture_default_str();
  m->add_option("--results-volume", o->results, "pvc:NAME (ReadWriteMany claim) or hostpath:/PATH (one-node "
                                                "clusters): each shard writes <mount>/<index>/")->capture_default_str();
  m->add_option("--deadline", o->deadline, "How long the Job may run after the start")->capture_default_str();
  m->add_option("--cpu", o->cpu, "Each pod's CPU (requests = limits)")->capture_default_str();
  m->add_option("--memory", o->memory, "Each pod's memory (requests = limits)")->capture_default_str();
  m->add_option("run_args", o->run_args, "After '--': the 'latbench run' arguments of the whole load (a profile in "
                                         "the image, --devices, --rate, --url...)");
  m->footer("Example:\n  latbench fleet manifest --shards 4 --image registry.example/latbench:1 --start-in 90s \\\n"
            "    -- profiles/keepalive.yaml --devices 1000 --rate 1/s --duration 10m --url http://ingest:8000/upload \\\n"
            "    > fleet.yaml");
  m->callback([o, &action] { action = [o] { return run_manifest(*o); }; });
}

}  // namespace latbench::cli
