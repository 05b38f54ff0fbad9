#include "app/profile_rounds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "app/run_workload.hpp"
#include "core/error.hpp"
#include "core/key_error.hpp"
#include "core/text.hpp"
#include "link/link_draws.hpp"
#include "link/link_spec.hpp"
#include "profile/profile.hpp"
#include "report/plot_set.hpp"

namespace latbench::app {
namespace fs = std::filesystem;

bool is_profile_path(const fs::path& path) {
  const std::string ext = path.extension().string();
  return equals_nocase(ext, ".yaml") || equals_nocase(ext, ".yml");
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

// The seed a profile's link draws from in `round`: a different one every round (the rounds are
// the comparison's independent samples: a stall must not land on the same request of each), the
// same for every profile of a round (each faces the same draws), derived from `base` so that the
// whole comparison replays from one number.
std::uint64_t round_seed(std::uint64_t base, unsigned round) {
  return link::LinkDraws::mix(base + 0x9E3779B97F4A7C15ULL * round);
}

}  // namespace

ProfileRounds run_profile_rounds(const std::vector<std::string>& paths, const ProfileRoundsOptions& options) {
  if (options.rounds == 0) throw key_usage_error("rounds", "expected at least 1");
  std::vector<profile::Profile> profiles;
  for (const auto& path : paths) profiles.push_back(profile::load_profile(path));

  ProfileRounds out;
  // One base seed for the link draws of every round: the one in the link (compare's own, else a
  // profile's), else a fresh one.
  const std::string presets = link::default_link_presets_path();
  bool any_link = !options.link.empty();
  std::optional<std::uint64_t> given_seed;
  if (!options.link.empty()) given_seed = link::resolve_link(options.link, presets).take().seed;
  for (const auto& p : profiles) {
    if (p.config.link.empty()) continue;
    any_link = true;
    if (!given_seed && options.link.empty()) given_seed = link::resolve_link(p.config.link, presets).take().seed;
  }
  if (any_link) out.link_seed = given_seed ? *given_seed : link::fresh_link_seed();
  out.labels = distinct_names(profiles);
  client::RunConfig folder_config;
  folder_config.name = "compare";
  folder_config.out_dir = options.out_dir;
  out.out_dir = make_run_dir(folder_config);
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
      std::optional<std::uint64_t> seed;
      if (!config.link.empty()) {
        seed = round_seed(*out.link_seed, round);
        config.link = link::with_seed(config.link, *seed);
      }
      if (options.requests) {
        config.requests = *options.requests;
        config.duration.reset();
      }
      config.out_dir = out.folders[i] / fmt::format("round-{:02}", round);
      RunHooks hooks;
      hooks.interrupt = options.interrupt;
      RunResult result;
      try {
        result = run_workload(config, hooks);
      } catch (const KeyError& e) {
        // A value this profile set, and compare did not override: the error names its line.
        const bool overridden = (e.key() == "url" && !options.url.empty()) ||
                                (e.key() == "link" && !options.link.empty()) ||
                                (e.key() == "requests" && options.requests);
        const std::string place = profiles[i].place_of(e.key());
        if (overridden || place.empty()) throw;
        throw e.relocated(place);
      }
      if (!result.valid) {
        out.notes.push_back(fmt::format("{} round {}: not a valid measurement ({})", out.labels[i], round,
                                        result.invalid_reason));
      }
      if (options.on_round) {
        RoundReport report{round, options.rounds, out.labels[i], label_width, result.measured, 0, 0, result.valid, seed};
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
  if (out.link_seed) {
    out.notes.push_back(fmt::format("link draws: each round its own seed, derived from {} (each run's seed is in "
                                    "its profile.yaml and summary.json); seed={} in the link replays them",
                                    *out.link_seed, *out.link_seed));
  }
  if (out.interrupted) {
    out.notes.push_back(fmt::format("interrupted after {} complete rounds of {}; an incomplete round is "
                                    "compared too", out.rounds_done, options.rounds));
  }
  return out;
}

}  // namespace latbench::app
