// Any JSON lines: one object per line. Fields come from --field (dotted paths reach into nested
// objects: "server.total"); without --field every numeric top-level field becomes a series,
// except ids, timestamps and status codes (statuses are counted instead). A request id key
// (request_id, req_id, rid, trace_id) names the record for --join / --group-by; a "stage" string
// names the column, so services that log {"request_id":..,"stage":"decode","ms":2.1} group.
// Lines are read by core/json_line.hpp, which keeps nlohmann::json's reading of them.
#include <unordered_map>

#include "core/json_line.hpp"
#include "logs/field_spec.hpp"
#include "logs/format.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

namespace dom = simdjson::dom;

bool excluded_auto_key(std::string_view key) {
  return is_request_id_key(key) || key == "ts" || key == "timestamp" || key == "time" || key == "seq" ||
         key == "id" || key == "pid" || key == "port" || key == "status" || key == "line";
}

// A --field: its spec and its dotted path cut at the dots (a key holding a dot is never reached).
struct FieldPath {
  FieldSpec spec;
  std::vector<std::string> keys;
};

std::vector<FieldPath> field_paths(const std::vector<FieldSpec>& specs) {
  std::vector<FieldPath> out;
  for (const auto& spec : specs) {
    FieldPath f{spec, {}};
    for (std::string_view path = spec.name;;) {
      const auto dot = path.find('.');
      f.keys.emplace_back(path.substr(0, dot));
      if (dot == std::string_view::npos) break;
      path.remove_prefix(dot + 1);
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::optional<dom::element> find_path(dom::object object, const std::vector<std::string>& keys) {
  std::optional<dom::element> cur;
  for (const auto& key : keys) {
    if (cur && cur->get(object)) return std::nullopt;  // not an object: the path ends here
    cur = last_member(object, key);
    if (!cur) return std::nullopt;
  }
  return cur;
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class JsonlFormat final : public Format {
 public:
  explicit JsonlFormat(std::vector<FieldSpec> fields) : m_specs(std::move(fields)), m_fields(field_paths(m_specs)) {}
  std::string name() const override { return "jsonl"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    JsonLineParser parser;
    int n = 0;
    for (auto line : head) {
      line = trim_spaces(line);
      if (line.empty()) continue;
      if (line.front() != '{' || line.back() != '}' || !parser.parse_object(line)) return 0;
      n += 2;
    }
    return n;
  }

  // No state across lines (columns appear in first-seen order, which appending parts keeps).
  std::unique_ptr<Format> fresh() const override { return std::make_unique<JsonlFormat>(m_specs); }
  std::size_t part_start(std::string_view) const override { return 0; }

  void parse(LineReader& reader, LogData& out) override {
    reader.for_each([&](const Line& line) { parse_line(line, out); }, out.skipped);
  }

 private:
  void parse_line(const Line& line, LogData& out) {
    RecordTable& table = out.table;
    ++out.lines;
    const std::string_view text = trim_spaces(line.text);
    if (text.empty()) { ++out.ignored; return; }
    const auto object = m_parser.parse_object(text);
    if (!object) {
      out.skipped.add(line.unterminated ? k_skip_truncated : "invalid JSON", line.number);
      return;
    }
    // One pass over the members for what nlohmann's sorted, deduplicated object gave: the last
    // "stage" and "status", the request id of the first id key in key order, and (without
    // --field) the members that may be series, sorted only among themselves.
    std::optional<dom::element> stage_value, status, id;
    std::string_view id_key;
    m_members.clear();
    for (const auto member : *object) {
      const std::string_view key = member.key;
      if (key == "stage") stage_value = member.value;
      if (is_request_id_key(key)) {
        if (!id || key <= id_key) { id = member.value; id_key = key; }
      } else if (key == "status") {
        status = member.value;
      } else if (m_fields.empty() && !excluded_auto_key(key)) {
        m_members.push_back(member);
      }
    }
    std::string_view stage;  // empty unless the last "stage" is a string
    if (stage_value && stage_value->is_string()) stage = stage_value->get_string().value_unsafe();
    bool any = false;
    auto set = [&](std::string_view field, std::size_t fields, std::string_view unit, double value) {
      if (!any) { table.begin_row(); any = true; }
      table.set(table.column(column_name(stage, field, fields), unit), value);
    };
    if (!m_fields.empty()) {
      for (const auto& f : m_fields) {
        const auto v = find_path(*object, f.keys);
        if (const auto number = v ? json_number(*v) : std::nullopt)
          set(f.spec.name, m_fields.size(), f.spec.unit, *number * f.spec.factor);
      }
    } else {
      sort_by_key(m_members);
      std::erase_if(m_members, [](const dom::key_value_pair& m) { return !m.value.is_number(); });
      for (const auto& m : m_members) {
        const FieldSpec& f = auto_spec(m.key);
        set(f.name, m_members.size(), f.unit, *json_number(m.value) * f.factor);
      }
    }
    if (!any) { ++out.ignored; return; }
    if (id && table.keeps_ids()) {
      if (std::string_view text_id; !id->get(text_id)) table.set_id(text_id);
      else if (const auto integer = json_integer_text(*id)) table.set_id(*integer);
    }
    if (status) {
      std::string_view text_status;
      if (!status->get(text_status)) ++out.counts["status"][std::string(text_status)];
      else if (const auto integer = json_integer_text(*status)) ++out.counts["status"][*integer];
    }
  }

  // A column is named by its field, or by the line's stage (and the field when it has several).
  std::string_view column_name(std::string_view stage, std::string_view field, std::size_t fields) {
    if (stage.empty()) return field;
    m_name.assign(stage);
    if (fields > 1) m_name.append("_").append(field);
    return m_name;
  }

  // field_spec() of an auto-detected key, remembered: a log repeats its keys on every line.
  const FieldSpec& auto_spec(std::string_view key) {
    auto it = m_auto_specs.find(key);
    if (it == m_auto_specs.end()) it = m_auto_specs.emplace(std::string(key), field_spec(key)).first;
    return it->second;
  }

  std::vector<FieldSpec> m_specs;
  std::vector<FieldPath> m_fields;
  JsonLineParser m_parser;
  std::vector<dom::key_value_pair> m_members;  // the current line's candidate series, reused
  std::string m_name;                          // the current column name, reused
  std::unordered_map<std::string, FieldSpec, StringHash, std::equal_to<>> m_auto_specs;
};

}  // namespace

std::unique_ptr<Format> make_jsonl_format(const FormatOptions& options) {
  return std::make_unique<JsonlFormat>(field_specs(options.fields));
}

}  // namespace latbench::logs
