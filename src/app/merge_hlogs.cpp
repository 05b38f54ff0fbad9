#include "app/merge_hlogs.hpp"

#include <fmt/format.h>

#include "core/write_file.hpp"
#include "hlog/merge.hpp"

namespace latbench::app {
namespace fs = std::filesystem;
namespace {

// The .hlog files directly in `folder`.
std::vector<fs::path> logs_in(const fs::path& folder) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.is_regular_file() && e.path().extension() == ".hlog") out.push_back(e.path());
  return out;
}

}  // namespace

std::string merge_shard_hlogs(const std::vector<fs::path>& folders, const fs::path& out) {
  // First which folders hold one log, then add them one at a time (hlog/merge.hpp says why).
  std::vector<fs::path> paths;
  std::vector<std::string> without;
  for (const auto& f : folders) {
    const auto found = logs_in(f);
    if (found.size() == 1) paths.push_back(found.front());
    else without.push_back(fmt::format("{} ({} .hlog files)", f.string(), found.size()));
  }
  if (paths.empty()) return {};
  if (!without.empty()) {
    std::string list;
    for (const auto& w : without) list += (list.empty() ? "" : ", ") + w;
    return fmt::format("run.hlog not written: not every shard folder holds one interval log: {}", list);
  }
  hlog::LogMerger merger;
  for (const auto& p : paths) {
    auto log = hlog::read_log(p);
    if (!log) return fmt::format("run.hlog not written: {}", log.error().what());
    if (auto added = merger.add({p.string(), std::move(log).take()}); !added)
      return fmt::format("run.hlog not written: {}", added.error().what());
  }
  auto merged = std::move(merger).result();
  if (!merged) return fmt::format("run.hlog not written: {}", merged.error().what());
  std::vector<std::string> comments = {fmt::format("[Merged by latbench {} from {} shards' logs]", LATBENCH_VERSION, paths.size())};
  for (const auto& p : paths) comments.push_back("[Input: " + p.string() + "]");
  const std::string bound = hlog::error_bound_text(merged->total.layout());
  comments.push_back("[Error bound of the merge: " + bound + "]");
  const fs::path path = out / "run.hlog";
  if (auto written = write_whole_file(path, hlog::format_merged(*merged, comments)); !written)
    return fmt::format("run.hlog not written: {}", written.error().what());
  return fmt::format("{}: the {} shards' interval logs added ({} values, {} intervals; {})", path.string(), paths.size(),
                     merged->total.count(), merged->intervals.size(), bound);
}

}  // namespace latbench::app
