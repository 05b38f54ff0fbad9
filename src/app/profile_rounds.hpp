#pragma once
// `latbench compare A.yaml B.yaml`: the profiles are run by latbench itself, interleaved in
// rounds (A B A B ...) against the same kind of server and the same link, so drift on the machine
// or the network hits every profile alike. Each round of each profile is an ordinary run folder
// (samples.jsonl, summary.json, profile.yaml); the comparison then reads every profile's rounds
// as one rounds source, so per-round values are the sample unit. Over a link, each round draws
// from its own seed (the same for every profile of that round), written in its run folders.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace latbench::app {

// What one profile's run in one round gave, for a progress line.
struct RoundReport {
  unsigned round = 0, rounds = 0;
  std::string label;
  std::size_t label_width = 0;  // the longest profile label, for aligned lines
  std::uint64_t measured = 0, errors = 0;
  double p50_ms = 0;
  bool valid = true;
  std::optional<std::uint64_t> link_seed;  // the seed of this run's link draws
};

struct ProfileRoundsOptions {
  unsigned rounds = 10;
  std::string link;                        // set: every profile runs over this link
  std::string url;                         // set: every profile drives this server
  std::optional<std::uint64_t> requests;   // set: uploads per profile per round
  std::filesystem::path out_dir;           // empty: runs/<timestamp>-compare
  const std::atomic<int>* interrupt = nullptr;  // 1: finish the current run, start no more
  std::function<void(const RoundReport&)> on_round;
};

struct ProfileRounds {
  std::filesystem::path out_dir;
  std::vector<std::string> labels;                // each profile's name, distinct
  std::vector<std::filesystem::path> folders;     // one per profile: round-NN/samples.jsonl inside
  unsigned rounds_done = 0;                       // complete rounds (every profile ran)
  bool interrupted = false;
  std::vector<std::string> notes;                 // runs latbench could not drive faithfully, ...
  // Over a link: the base every round's seed is derived from (given in the link, else drawn).
  std::optional<std::uint64_t> link_seed;
};

// True for a .yaml / .yml path: compare treats it as a profile to run.
bool is_profile_path(const std::filesystem::path& path);

// Loads every profile first (a bad one fails before anything runs: usage error naming it), then
// runs them round by round. Throws latbench::Error from the runs (e.g. unreachable --url).
ProfileRounds run_profile_rounds(const std::vector<std::string>& profiles, const ProfileRoundsOptions& options);

}  // namespace latbench::app
