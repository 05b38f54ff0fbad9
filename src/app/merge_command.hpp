#pragma once
// `latbench merge DIR... --out DIR`: the run folders of one workload's shards (`shard: I/N`)
// into one run folder, as if one process had run the whole workload:
//   checks: every folder is a shard of the same workload (hash), each index once, all N present
//           (else the missing ones are named; with allow_missing the merge is marked partial);
//   samples.jsonl: every shard's samples on one absolute timeline (times re-based on the
//           earliest shard's start), ordered by start, seq renumbered in that order;
//   summary.json: made by the run's own path from samples (app/run_tally.hpp, run_report.hpp),
//           so its statistics are a single run's over the concatenated samples; the driver's
//           counts are the shards' sums, the start lag their worst (per-request lags are not kept);
//   profile.yaml: the whole workload (no shard, no start instant): running it repeats the load.
// Then the run's own finish (exports, plots, Markdown, thresholds) on the merged folder.
#include <filesystem>
#include <string>
#include <vector>

#include "app/run_command.hpp"

namespace latbench::app {

enum class MissingShards { refuse, allow };

struct MergeRequest {
  std::vector<std::filesystem::path> folders;
  std::filesystem::path out;
  MissingShards missing = MissingShards::refuse;
  std::string export_json;
  ReportRequest report;
};

// The merged run as a run's outcome (summary text, document, plots, notes, exit code).
// Throws Error (input) naming the folder and file at fault (not a shard's folder, unreadable
// summary or profile), a KeyError on "allow_missing" when shards are missing and that was not
// allowed, and usage errors for folders of different workloads, an index given twice, or an
// output folder that is one of the inputs.
RunOutcome merge_command(const MergeRequest& request);

}  // namespace latbench::app
