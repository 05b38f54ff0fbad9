#pragma once
// `latbench merge` with the shards' HdrHistogram interval logs beside their samples: when every
// shard folder holds one .hlog (the fleet manifest's run.hlog, or run --export-hlog into the run
// folder), the merged folder gets their sum as run.hlog (hlog/merge.hpp: one timeline, counts
// exact, values to the layout's precision).
#include <filesystem>
#include <string>
#include <vector>

namespace latbench::app {

// Writes <out>/run.hlog and returns the note that says so, with the error bound; when only some
// folders hold a log, or a log cannot be read or added, nothing is written and the note says
// why; no folder with a log: no note (empty). Never throws: the merged samples stand without it.
std::string merge_shard_hlogs(const std::vector<std::filesystem::path>& folders, const std::filesystem::path& out);

}  // namespace latbench::app
