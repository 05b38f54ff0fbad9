#include "app/merge_command.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/merge_hlogs.hpp"
#include "app/run_report.hpp"
#include "app/run_tally.hpp"
#include "app/shard_folders.hpp"
#include "core/key_error.hpp"
#include "core/write_file.hpp"
#include "profile/profile.hpp"
#include "profile/workload_hash.hpp"
#include "samples/writer.hpp"

namespace latbench::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A member of a shard's run object, 0 when absent (older or damaged summaries count nothing).
template <class T>
T member(const json& run, const char* object, const char* key) {
  const auto o = run.find(object);
  if (o == run.end() || !o->is_object()) return T{};
  const auto v = o->find(key);
  return v != o->end() && v->is_number() ? v->get<T>() : T{};
}

std::string index_list(const std::vector<unsigned>& indexes) {
  std::string out;
  for (unsigned i : indexes) out += (out.empty() ? "" : ", ") + std::to_string(i);
  return out;
}

void refuse_output_among_inputs(const MergeRequest& request) {
  std::error_code ec;
  for (const auto& f : request.folders)
    if (fs::equivalent(f, request.out, ec))
      throw usage_error(fmt::format("merge: the output folder {} is one of the shards' folders (expected a new one)",
                                    request.out.string()));
}

struct TimedSample {
  samples::Sample sample;
  unsigned shard = 0;
};

// Every shard's samples on the earliest shard's timeline, in start order (ties: shard, then its
// own order), seq renumbered in that order; the shards' offsets recorded in `merged`.
std::vector<TimedSample> one_timeline(std::vector<ShardFolder>& shards, MergeRecord& merged, WallTime& earliest) {
  earliest = shards.front().origin.started_at;
  for (const auto& s : shards) earliest = std::min(earliest, s.origin.started_at);
  std::vector<TimedSample> all;
  for (auto& s : shards) {
    const double offset_ms = static_cast<double>(epoch_ns(s.origin.started_at) - epoch_ns(earliest)) / 1e6;
    const unsigned index = s.origin.shard->shard.index;
    merged.shards.push_back({index, s.folder.string(), s.origin.started_at, offset_ms, s.samples.samples.size()});
    for (auto& sample : s.samples.samples) {
      sample.start_ms += offset_ms;
      sample.intended_start_ms += offset_ms;
      all.push_back({std::move(sample), index});
    }
    s.samples.samples.clear();
  }
  std::stable_sort(all.begin(), all.end(), [](const TimedSample& a, const TimedSample& b) {
    if (a.sample.start_ms != b.sample.start_ms) return a.sample.start_ms < b.sample.start_ms;
    if (a.shard != b.shard) return a.shard < b.shard;
    return a.sample.seq < b.sample.seq;
  });
  for (std::size_t i = 0; i < all.size(); ++i) all[i].sample.seq = i;
  std::sort(merged.shards.begin(), merged.shards.end(),
            [](const MergedShard& a, const MergedShard& b) { return a.index < b.index; });
  return all;
}

// The driver's counts of the whole: sums of the shards', the elapsed time to the last shard's
// end on the common timeline, the start lag the worst shard's (its per-request values are not
// in a folder, so the merged p50/p99 are upper bounds).
void add_driver_counts(const ShardFolder& s, double offset_ms, RunResult& r) {
  const json& run = s.run;
  r.driver.sent += member<std::uint64_t>(run, "requests", "sent");
  r.driver.completed += member<std::uint64_t>(run, "requests", "completed");
  r.driver.skipped += member<std::uint64_t>(run, "requests", "skipped_frames");
  r.driver.cancelled += member<std::uint64_t>(run, "requests", "cancelled");
  r.driver.aborted += member<std::uint64_t>(run, "requests", "aborted");
  r.driver.cpu_user_s += member<double>(run, "cpu", "user_s");
  r.driver.cpu_system_s += member<double>(run, "cpu", "system_s");
  const double end_ms = offset_ms + (run.contains("elapsed_s") && run["elapsed_s"].is_number()
                                         ? run["elapsed_s"].get<double>() * 1000 : 0.0);
  r.driver.elapsed = std::max(r.driver.elapsed, Nanos(static_cast<std::int64_t>(end_ms * 1e6)));
  r.start_lag_p50_ms = std::max(r.start_lag_p50_ms, member<double>(run, "start_lag_ms", "p50"));
  r.start_lag_p99_ms = std::max(r.start_lag_p99_ms, member<double>(run, "start_lag_ms", "p99"));
  r.start_lag_max_ms = std::max(r.start_lag_max_ms, member<double>(run, "start_lag_ms", "max"));
}

// What a shard said about itself (not valid, warnings, interrupted) stays said, under its index.
void carry_verdicts(const ShardFolder& s, RunResult& r, std::vector<std::string>& notes) {
  const unsigned index = s.origin.shard->shard.index;
  const json& run = s.run;
  if (run.value("valid", true) == false) {
    r.valid = false;
    r.invalid_reason += fmt::format("{}shard {}: {}", r.invalid_reason.empty() ? "" : "; ", index,
                                    run.value("invalid_reason", std::string("not valid")));
  }
  if (const auto w = run.find("warnings"); w != run.end() && w->is_array())
    for (const auto& item : *w)
      if (item.is_string()) r.warnings.push_back(fmt::format("shard {}: {}", index, item.get<std::string>()));
  if (run.value("interrupted", false)) notes.push_back(fmt::format("shard {} was interrupted (Ctrl-C)", index));
  if (run.contains("frames"))
    notes.push_back(fmt::format("shard {} sent WebSocket frames: their frames summary is not merged (the "
                                "statistics of every series are)", index));
  if (s.samples.skipped.lines > 0)
    notes.push_back(fmt::format("shard {}: {} damaged lines of its samples.jsonl skipped", index, s.samples.skipped.lines));
}

}  // namespace

RunOutcome merge_command(const MergeRequest& request) {
  refuse_output_among_inputs(request);
  std::vector<ShardFolder> shards;
  for (const auto& f : request.folders) shards.push_back(read_shard_folder(f));
  const std::vector<unsigned> missing = check_shards(shards);
  const unsigned count = shards.front().origin.shard->shard.count;
  if (!missing.empty() && request.missing == MissingShards::refuse)
    throw KeyError(ErrorKind::usage, "allow_missing",
                   fmt::format("shards {} of {} are missing (given {} folders): a merge without them is not the "
                               "workload; give this to merge the others, marked partial",
                               index_list(missing), count, shards.size()));

  RunOutcome out;
  RunResult& r = out.result;
  RunRequest as_run;
  as_run.config = profile::whole_workload(shards.front().config);
  as_run.config.out_dir = request.out;
  as_run.config.export_hlog.clear();  // a shard's own file; the merged one is run.hlog (merge_hlogs.hpp)
  as_run.export_json = request.export_json;
  as_run.report = request.report;
  const client::RunConfig& whole = as_run.config;

  std::error_code ec;
  fs::create_directories(request.out, ec);
  if (ec || !fs::is_directory(request.out))
    throw key_usage_error("out", fmt::format("cannot create folder '{}': {}", request.out.string(), ec.message()));
  r.out_dir = request.out;
  r.samples_path = request.out / "samples.jsonl";
  r.url = shards.front().run.value("url", std::string());
  r.embedded_server = shards.front().run.value("embedded_server", false);
  // Every shard sends the same frames (the payload is part of the workload).
  r.image_bytes_mean = member<double>(shards.front().run, "bytes", "image_mean");

  MergeRecord merged;
  merged.count = count;
  merged.missing = missing;
  WallTime earliest{};
  std::vector<ShardFolder> folders = std::move(shards);
  std::vector<TimedSample> timeline = one_timeline(folders, merged, earliest);
  for (const auto& s : folders) {
    const auto it = std::find_if(merged.shards.begin(), merged.shards.end(),
                                 [&](const MergedShard& m) { return m.index == s.origin.shard->shard.index; });
    add_driver_counts(s, it->offset_ms, r);
    carry_verdicts(s, r, out.notes);
  }

  if (auto written = write_whole_file(request.out / "profile.yaml",
                                      profile::resolved_profile_yaml(whole, whole.name.empty() ? "run" : whole.name));
      !written)
    r.write_errors.push_back(written.error().what());
  {
    samples::SamplesWriter writer(r.samples_path);
    RunTally tally;
    for (const auto& t : timeline) {
      writer.write(t.sample);
      tally.add(t.sample, r);
    }
    writer.flush();
    if (!writer.failure().empty()) {
      r.write_errors.push_back(writer.failure());
      r.samples_complete = false;
    }
    judge_honesty(whole, r);
    judge_outcome(whole, r);
    tally.summarize(r);
  }
  if (merged.partial()) {
    r.valid = false;
    r.invalid_reason += fmt::format("{}partial merge: shards {} of {} missing", r.invalid_reason.empty() ? "" : "; ",
                                    index_list(missing), count);
  }
  r.origin.workload_hash = folders.front().origin.workload_hash;
  r.origin.started_at = earliest;
  r.origin.start_at = folders.front().origin.start_at;  // one workload: one instant asked of every shard
  // The worst shard's miss: how far the last start was from the instant asked for.
  if (const auto& at = r.origin.start_at)
    for (const auto& s : folders)
      r.origin.start_lag_ms = std::max(r.origin.start_lag_ms,
                                       static_cast<double>(epoch_ns(s.origin.started_at) - epoch_ns(*at)) / 1e6);
  r.origin.started_late = std::any_of(folders.begin(), folders.end(), [](const ShardFolder& s) { return s.origin.started_late; });
  r.origin.merged = std::move(merged);

  out.document = run_summary_document(whole, r);
  r.summary_path = request.out / "summary.json";
  if (auto written = write_whole_file(r.summary_path, out.document.dump(2) + "\n"); !written) {
    r.write_errors.push_back(written.error().what());
    r.summary_path.clear();
  }
  out.summary = format_run_summary(whole, r);
  // The shards' .hlog files, when they wrote them: their sum beside the merged samples.
  if (std::string note = merge_shard_hlogs(request.folders, request.out); !note.empty()) out.notes.push_back(note);
  finish_run(as_run, out);
  return out;
}

}  // namespace latbench::app
