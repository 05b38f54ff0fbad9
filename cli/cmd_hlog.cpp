// `latbench hlog show LOG...` and `latbench hlog merge LOG... --out FILE`: flags -> HlogRequest
// -> app::hlog_show / hlog_merge -> print the summary.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.hpp"
#include "app/hlog_command.hpp"
#include "core/duration.hpp"
#include "core/error.hpp"

namespace latbench::cli {
namespace {

struct HlogOptions {
  std::vector<std::string> inputs;
  std::string out;
  std::string interval;
};

app::HlogRequest request_of(const HlogOptions& o) {
  app::HlogRequest r;
  r.inputs = o.inputs;
  r.out = o.out;
  if (!o.interval.empty()) r.interval_s = to_ms(parse_duration(o.interval, "--interval").take()) / 1000.0;
  return r;
}

}  // namespace

void register_hlog(CLI::App& app, Action& action) {
  auto options = std::make_shared<HlogOptions>();
  auto* cmd = app.add_subcommand("hlog", "Read and add HdrHistogram interval logs (.hlog) without raw samples");
  cmd->require_subcommand(1);
  auto* show = cmd->add_subcommand("show", "Summarize one or more .hlog files, added on one timeline");
  show->add_option("logs", options->inputs, ".hlog files (run --export-hlog, or any HistogramLogWriter's)")->required();
  auto* merge = cmd->add_subcommand("merge", "Add the .hlog files of a fleet's shards into one .hlog");
  merge->add_option("logs", options->inputs, ".hlog files, one per shard")->required();
  merge->add_option("--out", options->out, "The merged .hlog to write")->required();
  for (auto* c : {show, merge})
    c->add_option("--interval", options->interval, "The merged intervals' length (default: the logs' own, e.g. 1s)");
  cmd->footer("Values are read as microseconds (latbench's unit) and shown in ms. Adding histograms of one layout\n"
              "is exact: the merged counts are those of one histogram of all the values, each value within 0.1%\n"
              "(3 significant digits). Examples:\n"
              "  latbench hlog show run.hlog\n"
              "  latbench hlog merge results/*/run.hlog --out fleet.hlog");
  show->callback([options, &action] {
    action = [options] {
      std::fputs(app::hlog_show(request_of(*options)).text.c_str(), stdout);
      return 0;
    };
  });
  merge->callback([options, &action] {
    action = [options] {
      std::fputs(app::hlog_merge(request_of(*options)).text.c_str(), stdout);
      return 0;
    };
  });
}

}  // namespace latbench::cli
