#include "logs/yaml_format.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "core/suggest.hpp"
#include "logs/field_spec.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {

bool parse_timestamp(std::string_view text, const std::string& format, double& ms) {
  if (format == "epoch_s" || format == "epoch_ms") {
    double v = 0;
    if (parse_number(text, v) != NumberStatus::ok) return false;
    ms = format == "epoch_s" ? v * 1000 : v;
    return true;
  }
  // strptime has no fractional seconds: split the format at %f and parse the digits ourselves.
  std::string head = format, tail;
  const auto f = format.find("%f");
  if (f != std::string::npos) {
    head = format.substr(0, f);
    tail = format.substr(f + 2);
  }
  std::string copy(text);
  std::tm tm{};
  tm.tm_year = 70;
  tm.tm_mday = 1;
  const char* rest = strptime(copy.c_str(), head.c_str(), &tm);
  if (!rest) return false;
  double fraction = 0;
  if (f != std::string::npos) {
    double scale = 0.1;
    if (!std::isdigit(static_cast<unsigned char>(*rest))) return false;
    while (std::isdigit(static_cast<unsigned char>(*rest))) {
      fraction += (*rest - '0') * scale;
      scale /= 10;
      ++rest;
    }
    if (!tail.empty()) {
      rest = strptime(rest, tail.c_str(), &tm);
      if (!rest) return false;
    }
  }
  const long offset = tm.tm_gmtoff;  // set by %z, 0 otherwise
  ms = (static_cast<double>(timegm(&tm)) - static_cast<double>(offset) + fraction) * 1000.0;
  return true;
}

namespace {

struct Group { std::string name; int index; double factor; std::string unit; };

// What the YAML says: shared (read-only) by the format objects of a log's parts.
struct YamlSpec {
  std::string name;
  std::vector<std::unique_ptr<RE2>> lines;
  std::unique_ptr<RE2> block_start, block_end;
  std::vector<Group> values;
  std::string id_group, stage_group, ts_group, ts_format;
  // events: name -> regex. A matching line is counted under counts["events"][name] (whatever else
  // it matches) and, when the table keeps timestamps, marked on the timeline.
  std::vector<std::pair<std::string, std::unique_ptr<RE2>>> events;
};

class YamlFormat final : public Format {
 public:
  explicit YamlFormat(std::shared_ptr<const YamlSpec> spec) : m_spec(std::move(spec)) {}
  std::string name() const override { return m_spec->name; }

  int sniff(const std::vector<std::string_view>& head) const override {
    int n = 0;
    for (auto line : head) {
      const re2::StringPiece text(line.data(), line.size());
      bool hit = false;
      for (const auto& re : m_spec->lines) hit = hit || RE2::PartialMatch(text, *re);
      for (const auto& [name, re] : m_spec->events) hit = hit || RE2::PartialMatch(text, *re);
      n += hit ? 1 : 0;
    }
    return n;
  }

  std::unique_ptr<Format> fresh() const override { return std::make_unique<YamlFormat>(m_spec); }

  // Without blocks a record is one line. With blocks, a part starts at a block's start line: the
  // whole parse abandons there whatever block was open (counted as incomplete at the end of the
  // part before, as at the end of a log), so the state is the same from that line on.
  std::size_t part_start(std::string_view text) const override {
    if (!m_spec->block_start) return 0;
    std::vector<re2::StringPiece> sub;
    const auto line = find_complete_line(text, [&](std::string_view l) {
      return match(*m_spec->block_start, re2::StringPiece(l.data(), l.size()), sub);
    });
    return line ? line->begin : std::string_view::npos;
  }

  void parse(LineReader& reader, LogData& out) override {
    const YamlSpec& spec = *m_spec;
    RecordTable& table = out.table;
    struct Cell { std::size_t column; double value; };
    std::vector<Cell> cells;
    std::string id;
    double ts = k_missing;
    bool open = false;
    std::uint64_t open_line = 0;
    std::vector<re2::StringPiece> sub;

    // Ends the pending record (a row when it holds a value); nothing of it is left for the next.
    auto commit = [&] {
      if (!cells.empty()) {
        table.begin_row();
        for (const auto& c : cells) table.set(c.column, c.value);
        if (!id.empty()) table.set_id(id);
        if (!std::isnan(ts)) table.set_timestamp(ts);
      }
      cells.clear();
      id.clear();
      ts = k_missing;
    };
    // Reads the id / stage / timestamp / value groups of one match into the pending record.
    auto take = [&](const RE2& re, const std::vector<re2::StringPiece>& m, const Line& line) {
      const auto& names = re.NamedCapturingGroups();
      auto group = [&](const std::string& name) -> std::string_view {
        auto it = names.find(name);
        if (it == names.end() || !m[static_cast<std::size_t>(it->second)].data()) return {};
        const auto& p = m[static_cast<std::size_t>(it->second)];
        return {p.data(), p.size()};
      };
      if (!spec.id_group.empty()) if (auto v = group(spec.id_group); !v.empty()) id = std::string(v);
      if (!spec.ts_group.empty()) {
        if (auto v = group(spec.ts_group); !v.empty() && std::isnan(ts)) {
          double t = 0;
          if (parse_timestamp(v, spec.ts_format, t)) ts = t;
          else out.skipped.add("timestamp does not fit timestamp.format", line.number);
        }
      }
      std::string stage = spec.stage_group.empty() ? std::string() : std::string(group(spec.stage_group));
      for (const auto& g : spec.values) {
        auto v = group(g.name);
        if (v.empty()) continue;
        double x = 0;
        auto s = parse_number(v, x);
        if (s == NumberStatus::out_of_range) { out.skipped.add(k_skip_range, line.number); continue; }
        if (s != NumberStatus::ok) { out.skipped.add(fmt::format("group '{}' is not a number", g.name), line.number); continue; }
        const std::string column = stage.empty() ? g.name : (spec.values.size() > 1 ? stage + "_" + g.name : stage);
        cells.push_back({table.column(column, g.unit), x * g.factor});
      }
    };

    // Every event is reported, those that never happened as 0.
    if (!spec.events.empty()) {
      auto& counted = out.counts["events"];
      for (const auto& [name, re] : spec.events) counted.emplace(name, 0);
    }
    // Counts the line under each event it matches; true when it matched one.
    auto count_events = [&](const re2::StringPiece& text, const Line& line) {
      bool any = false;
      for (const auto& [name, re] : spec.events) {
        if (!match(*re, text, sub)) continue;
        any = true;
        ++out.counts["events"][name];
        if (!table.keeps_timestamps()) continue;
        LogEvent e;
        e.kind = name;
        e.row = table.rows();
        const auto& groups = re->NamedCapturingGroups();
        if (auto it = groups.find(spec.ts_group); !spec.ts_group.empty() && it != groups.end()) {
          const auto& p = sub[static_cast<std::size_t>(it->second)];
          double t = 0;
          if (p.data() && parse_timestamp(std::string_view(p.data(), p.size()), spec.ts_format, t)) e.time_ms = t;
          else if (p.data()) out.skipped.add("timestamp does not fit timestamp.format", line.number);
        }
        out.events.push_back(std::move(e));
      }
      return any;
    };

    reader.for_each([&](const Line& line) {
      ++out.lines;
      const re2::StringPiece text(line.text.data(), line.text.size());
      const bool evented = !spec.events.empty() && !line.unterminated && count_events(text, line);
      if (spec.block_start) {
        if (match(*spec.block_start, text, sub)) {
          if (open) { out.skipped.add("incomplete block", open_line); cells.clear(); id.clear(); ts = k_missing; }
          open = true;
          open_line = line.number;
          take(*spec.block_start, sub, line);
          return;
        }
        if (open && spec.block_end && match(*spec.block_end, text, sub)) {
          take(*spec.block_end, sub, line);
          open = false;
          commit();
          return;
        }
      }
      for (const auto& re : spec.lines) {
        if (!match(*re, text, sub)) continue;
        if (line.unterminated) { out.skipped.add(k_skip_truncated, line.number); return; }
        if (spec.block_start && !open) { ++out.ignored; return; }  // value outside any block
        take(*re, sub, line);
        if (!spec.block_start) commit();
        return;
      }
      if (!evented) ++out.ignored;
    }, out.skipped);
    if (open) out.skipped.add("incomplete block", open_line);
  }

 private:
  static bool match(const RE2& re, const re2::StringPiece& text, std::vector<re2::StringPiece>& sub) {
    sub.assign(static_cast<std::size_t>(re.NumberOfCapturingGroups() + 1), re2::StringPiece());
    return re.Match(text, 0, text.size(), RE2::UNANCHORED, sub.data(), static_cast<int>(sub.size()));
  }

  std::shared_ptr<const YamlSpec> m_spec;
};

Result<std::unique_ptr<RE2>> compile(const YAML::Node& node, const std::string& key, const std::string& origin) {
  if (!node || !node.IsScalar()) return usage_error(fmt::format("{}: '{}' must be a regex string", origin, key));
  RE2::Options opts;
  opts.set_log_errors(false);
  auto re = std::make_unique<RE2>(node.as<std::string>(), opts);
  if (!re->ok()) return usage_error(fmt::format("{}: '{}' is not a valid RE2 regex: {}", origin, key, re->error()));
  return re;
}

// A misspelt key ("feilds:", "block: {stat: ...}") would be ignored and the format would quietly
// match nothing: refuse it with its line and the nearest known key.
std::optional<Error> unknown_key(const YAML::Node& map, const std::vector<std::string>& known,
                                 const std::string& section, const std::string& origin) {
  if (!map.IsMap()) return std::nullopt;
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const auto suggestion = did_you_mean(key, known);
    std::string names;
    for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
    return usage_error(fmt::format("{}:{}:{}: unknown key '{}{}'{} (expected one of: {})", origin,
                                   kv.first.Mark().line + 1, kv.first.Mark().column + 1, section, key,
                                   suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : "", names));
  }
  return std::nullopt;
}

}  // namespace

Result<std::unique_ptr<Format>> parse_yaml_format(const std::string& text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return usage_error(fmt::format("{}:{}: not valid YAML: {}", origin, e.mark.line + 1, e.msg));
  }
  if (!root.IsMap()) return usage_error(fmt::format("{}: expected a mapping with 'name' and 'line'", origin));
  if (auto e = unknown_key(root, {"name", "line", "block", "request_id", "stage", "timestamp", "fields", "events"}, "", origin)) return *e;
  if (auto e = unknown_key(root["block"], {"start", "end"}, "block.", origin)) return *e;
  if (auto e = unknown_key(root["timestamp"], {"group", "format"}, "timestamp.", origin)) return *e;
  if (const YAML::Node fields = root["fields"]; fields.IsMap())
    for (const auto& kv : fields)
      if (auto e = unknown_key(kv.second, {"unit"}, "fields." + kv.first.Scalar() + ".", origin)) return *e;
  auto f = std::make_shared<YamlSpec>();
  try {
    f->name = root["name"] ? root["name"].as<std::string>() : "yaml";
    // events: name -> regex (counted lines); with events, 'line' and 'fields' may be left out.
    if (const YAML::Node events = root["events"]) {
      if (!events.IsMap() || events.size() == 0)
        return usage_error(fmt::format("{}:{}:{}: 'events' must map names to regexes (e.g. dropped: 'Dropping frame')",
                                       origin, events.Mark().line + 1, events.Mark().column + 1));
      for (const auto& kv : events) {
        const std::string name = kv.first.Scalar();
        if (!kv.second.IsScalar())
          return usage_error(fmt::format("{}:{}:{}: events.{}: expected a regex string", origin,
                                         kv.second.Mark().line + 1, kv.second.Mark().column + 1, name));
        auto re = compile(kv.second, "events." + name, origin);
        if (!re) return re.error();
        f->events.emplace_back(name, std::move(re).take());
      }
    }
    const YAML::Node line = root["line"];
    if (!line && f->events.empty())
      return usage_error(fmt::format("{}: missing 'line' (a regex with named groups) or 'events'", origin));
    if (!line) {
      // An events-only format: nothing is timed.
    } else if (line.IsSequence()) {
      for (std::size_t i = 0; i < line.size(); ++i) {
        auto re = compile(line[i], fmt::format("line[{}]", i), origin);
        if (!re) return re.error();
        f->lines.push_back(std::move(re).take());
      }
    } else {
      auto re = compile(line, "line", origin);
      if (!re) return re.error();
      f->lines.push_back(std::move(re).take());
    }
    if (const YAML::Node block = root["block"]) {
      auto start = compile(block["start"], "block.start", origin);
      if (!start) return start.error();
      f->block_start = std::move(start).take();
      if (block["end"]) {
        auto end = compile(block["end"], "block.end", origin);
        if (!end) return end.error();
        f->block_end = std::move(end).take();
      } else {
        return usage_error(fmt::format("{}: 'block' needs both 'start' and 'end'", origin));
      }
    }
    if (root["request_id"]) f->id_group = root["request_id"].as<std::string>();
    if (root["stage"]) f->stage_group = root["stage"].as<std::string>();
    if (const YAML::Node ts = root["timestamp"]) {
      if (!ts.IsMap() || !ts["group"] || !ts["format"])
        return usage_error(fmt::format("{}: 'timestamp' needs 'group' and 'format'", origin));
      f->ts_group = ts["group"].as<std::string>();
      f->ts_format = ts["format"].as<std::string>();
    }
    const YAML::Node fields = root["fields"];
    if ((!fields || !fields.IsMap() || fields.size() == 0) && (line || f->events.empty()))
      return usage_error(fmt::format("{}: missing 'fields' (group: unit, e.g. 'dur: ms')", origin));
    for (auto it = fields.begin(); fields && it != fields.end(); ++it) {
      const std::string group = it->first.as<std::string>();
      std::string unit = it->second.IsMap() ? it->second["unit"].as<std::string>("ms") : it->second.as<std::string>();
      const FieldSpec spec = field_spec(group + ":" + unit);
      f->values.push_back({group, 0, spec.factor, spec.unit});
    }
  } catch (const YAML::Exception& e) {
    return usage_error(fmt::format("{}:{}: {}", origin, e.mark.line + 1, e.msg));
  }
  // Every group the YAML names must exist in some pattern: a typo would silently yield nothing.
  // (The timestamp group may live in an event's pattern only.)
  auto known = [&](const std::string& g, bool in_events) {
    for (const auto& re : f->lines) if (re->NamedCapturingGroups().count(g)) return true;
    for (const RE2* re : {f->block_start.get(), f->block_end.get()})
      if (re && re->NamedCapturingGroups().count(g)) return true;
    if (in_events)
      for (const auto& event : f->events) if (event.second->NamedCapturingGroups().count(g)) return true;
    return false;
  };
  for (const auto& g : f->values)
    if (!known(g.name, false)) return usage_error(fmt::format("{}: fields.{}: no (?P<{}>...) group in the patterns", origin, g.name, g.name));
  for (const std::string* g : {&f->id_group, &f->stage_group, &f->ts_group})
    if (!g->empty() && !known(*g, g == &f->ts_group))
      return usage_error(fmt::format("{}: group '{}' is not in the patterns", origin, *g));
  return std::unique_ptr<Format>(std::make_unique<YamlFormat>(std::move(f)));
}

Result<std::unique_ptr<Format>> load_yaml_format(const std::string& path) {
  std::ifstream in(path);
  if (!in) return usage_error(fmt::format("--format {}: cannot open the YAML format file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_yaml_format(ss.str(), path);
}

}  // namespace latbench::logs
