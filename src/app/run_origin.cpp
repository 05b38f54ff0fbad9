#include "app/run_origin.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace latbench::app {

using nlohmann::json;

void write_origin_json(const RunOrigin& o, json& run) {
  run["workload_hash"] = o.workload_hash;
  if (o.shard) {
    const auto& s = o.shard->share;
    run["shard"] = {{"index", o.shard->shard.index}, {"count", o.shard->shard.count},
                    {"devices", s.devices}, {"first_device", s.first_device}, {"device_stride", s.device_stride},
                    {"requests", s.requests}, {"warmup", s.warmup}};
  } else {
    run["shard"] = nullptr;
  }
  json start = {{"at", format_wall_time(o.started_at)}, {"epoch_ns", epoch_ns(o.started_at)}};
  start["requested"] = o.start_at ? json(format_wall_time(*o.start_at)) : json(nullptr);
  start["start_lag_ms"] = o.start_at ? json(o.start_lag_ms) : json(nullptr);
  start["late"] = o.started_late;
  run["start"] = std::move(start);
  if (!o.merged) return;
  json shards = json::array();
  for (const auto& m : o.merged->shards)
    shards.push_back({{"index", m.index}, {"folder", m.folder}, {"start", format_wall_time(m.started_at)},
                      {"offset_ms", m.offset_ms}, {"samples", m.samples}});
  run["merged"] = {{"count", o.merged->count}, {"shards", std::move(shards)},
                   {"missing", o.merged->missing}, {"partial", o.merged->partial()}};
}

namespace {

Error bad(const std::string& file, const std::string& member, const std::string& expected) {
  return input_error(fmt::format("{}: run.{}: expected {} (is it a run folder's summary.json?)", file, member, expected));
}

template <class T>
T unsigned_member(const json& object, const char* key, const std::string& file) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) throw bad(file, std::string("shard.") + key, "a whole number >= 0");
  return it->get<T>();
}

}  // namespace

RunOrigin read_origin_json(const json& run, const std::string& file) {
  RunOrigin o;
  if (!run.is_object()) throw bad(file, "", "an object");
  const auto hash = run.find("workload_hash");
  if (hash == run.end() || !hash->is_string()) throw bad(file, "workload_hash", "a string (a run made by a latbench that records its workload)");
  o.workload_hash = hash->get<std::string>();
  const auto start = run.find("start");
  if (start == run.end() || !start->is_object() || !start->contains("epoch_ns") || !(*start)["epoch_ns"].is_number_integer())
    throw bad(file, "start.epoch_ns", "the start in nanoseconds since the epoch");
  o.started_at = from_epoch_ns((*start)["epoch_ns"].get<std::int64_t>());
  if (start->contains("late") && (*start)["late"].is_boolean()) o.started_late = (*start)["late"].get<bool>();
  if (const auto r = start->find("requested"); r != start->end() && r->is_string()) {
    auto at = parse_wall_time(r->get<std::string>(), "run.start.requested");
    if (!at) throw bad(file, "start.requested", "an RFC 3339 time or null");
    o.start_at = *at;
  }
  const auto shard = run.find("shard");
  if (shard == run.end() || shard->is_null()) return o;
  if (!shard->is_object()) throw bad(file, "shard", "an object or null");
  ShardRecord rec;
  rec.shard = {unsigned_member<unsigned>(*shard, "index", file), unsigned_member<unsigned>(*shard, "count", file)};
  if (rec.shard.count < 1 || rec.shard.index >= rec.shard.count)
    throw bad(file, "shard.index", fmt::format("0..count-1 (count {})", rec.shard.count));
  rec.share = {unsigned_member<unsigned>(*shard, "devices", file), unsigned_member<unsigned>(*shard, "first_device", file),
               unsigned_member<unsigned>(*shard, "device_stride", file),
               unsigned_member<std::uint64_t>(*shard, "requests", file),
               unsigned_member<std::uint64_t>(*shard, "warmup", file)};
  o.shard = rec;
  return o;
}

}  // namespace latbench::app
