#include "compare/profile_rounds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "client/run_workload.hpp"
#include "core/error.hpp"
#include "profile/profile.hpp"
#include "report/plot_set.hpp"

namespace latbench::compare {
namespace fs = std::filesystem;

bool is_profile_path(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".yaml" || ext == ".yml";
}

namespace {

// Profile names become folder names and column titles: two profiles called "keepalive" (or
// the same file given twice) get "keepalive" and "keepalive-2".
std::vector<std::string> distinct_names(const std::vector<profile::Profile>& profiles) {
  std::vector<std::string> out;
  std::map<std::string, int> seen;
  for (const auto& p : profiles) {
    std::string name = report::file_slug(p.name.empty() ? "profile" : p.name);
    const int n = ++seen[name];
    out.push_back(n == 1 ? name : fmt::format("{}-{}", name, n));
  }
  return out;
}

}  // namespace

ProfileRounds run_profile_rounds(const std::vector<std::string>& paths, const ProfileRoundsOptions& options) {
  if (options.rounds == 0) throw usage_error("--rounds: expected at least 1");
  std::vector<profile::Profile> profiles;
  for (const auto& path : paths) profiles.push_back(profile::load_profile(path));

  ProfileRounds out;
  out.labels = distinct_names(profiles);
  client::RunConfig folder_config;
  folder_config.name = "compare";
  folder_config.out_dir = options.out_dir;
  out.out_dir = client::make_run_dir(folder_config);
  for (const auto& label : out.labels) out.folders.push_back(out.out_dir / label);

  std::size_t label_width = 0;
  for (const auto& label : out.labels) label_width = std::max(label_width, label.size());
  const auto interrupted = [&] { return options.interrupt && options.interrupt->load() > 0; };
  for (unsigned round = 1; round <= options.rounds && !out.interrupted; ++round) {
    for (std::size_t i = 0; i < profiles.size(); ++i) {
      client::RunConfig config = profiles[i].config;
      config.name = out.labels[i];
      if (!options.url.empty()) config.url = options.url;
      if (!options.link.empty()) config.link = options.link;
      if (options.requests) {
        config.requests = *options.requests;
        config.duration.reset();
      }
      config.out_dir = out.folders[i] / fmt::format("round-{:02}", round);
      client::RunHooks hooks;
      hooks.interrupt = options.interrupt;
      const client::RunResult result = client::run_workload(config, hooks);
      if (!result.valid) {
        out.notes.push_back(fmt::format("{} round {}: not a valid measurement ({})", out.labels[i], round,
                                        result.invalid_reason));
      }
      if (options.on_round) {
        RoundReport report{round, options.rounds, out.labels[i], label_width, result.measured, 0, 0, result.valid};
        for (const auto& [kind, count] : result.errors) report.errors += count;
        if (!result.summaries.empty() && result.summaries.front().all.count > 0)
          report.p50_ms = result.summaries.front().all.median;
        options.on_round(report);
      }
      if (result.interrupted || interrupted()) {
        out.interrupted = true;
        break;
      }
    }
    if (!out.interrupted) out.rounds_done = round;
  }
  if (out.interrupted) {
    out.notes.push_back(fmt::format("interrupted after {} complete rounds of {}; an incomplete round is "
                                    "compared too", out.rounds_done, options.rounds));
  }
  return out;
}

}  // namespace latbench::compare
