// Any JSON lines: one object per line. Fields come from --field (dotted paths reach into nested
// objects: "server.total"); without --field every numeric top-level field becomes a series,
// except ids, timestamps and status codes (statuses are counted instead). A request id key
// (request_id, req_id, rid, trace_id) names the record for --join / --group-by; a "stage" string
// names the column, so services that log {"request_id":..,"stage":"decode","ms":2.1} group.
#include <nlohmann/json.hpp>

#include "logs/field_spec.hpp"
#include "logs/format.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

bool excluded_auto_key(std::string_view key) {
  return is_request_id_key(key) || key == "ts" || key == "timestamp" || key == "time" || key == "seq" ||
         key == "id" || key == "pid" || key == "port" || key == "status" || key == "line";
}

const nlohmann::json* find_path(const nlohmann::json& obj, std::string_view path) {
  const nlohmann::json* cur = &obj;
  while (true) {
    if (!cur->is_object()) return nullptr;
    auto dot = path.find('.');
    auto it = cur->find(std::string(path.substr(0, dot)));
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string_view::npos) return cur;
    path.remove_prefix(dot + 1);
  }
}

class JsonlFormat final : public Format {
 public:
  explicit JsonlFormat(const FormatOptions& options) : m_fields(field_specs(options.fields)) {}
  std::string name() const override { return "jsonl"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    int n = 0;
    for (auto line : head) {
      line = trim_spaces(line);
      if (line.empty()) continue;
      if (line.front() != '{' || line.back() != '}') return 0;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return 0;
      n += 2;
    }
    return n;
  }

  // No state across lines (columns appear in first-seen order, which appending parts keeps).
  std::unique_ptr<Format> fresh() const override { return std::make_unique<JsonlFormat>(*this); }
  std::size_t part_start(std::string_view) const override { return 0; }

  void parse(LineReader& reader, LogData& out) override {
    RecordTable& table = out.table;
    reader.for_each([&](const Line& line) {
      ++out.lines;
      std::string_view text = trim_spaces(line.text);
      if (text.empty()) { ++out.ignored; return; }
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        out.skipped.add(line.unterminated ? k_skip_truncated : "invalid JSON", line.number);
        return;
      }
      std::string stage;
      if (auto it = j.find("stage"); it != j.end() && it->is_string()) stage = it->get<std::string>();
      auto column_name = [&](const std::string& field, std::size_t fields) {
        if (stage.empty()) return field;
        return fields > 1 ? stage + "_" + field : stage;
      };
      bool any = false;
      auto begin = [&] {
        if (!any) { table.begin_row(); any = true; }
      };
      if (!m_fields.empty()) {
        for (const auto& f : m_fields) {
          const auto* v = find_path(j, f.name);
          if (!v || !v->is_number()) continue;
          begin();
          table.set(table.column(column_name(f.name, m_fields.size()), f.unit), v->get<double>() * f.factor);
        }
      } else {
        std::size_t numeric = 0;
        for (auto it = j.begin(); it != j.end(); ++it)
          if (it->is_number() && !excluded_auto_key(it.key())) ++numeric;
        for (auto it = j.begin(); it != j.end(); ++it) {
          if (!it->is_number() || excluded_auto_key(it.key())) continue;
          const FieldSpec f = field_spec(it.key());
          begin();
          table.set(table.column(column_name(f.name, numeric), f.unit), it->get<double>() * f.factor);
        }
      }
      if (!any) { ++out.ignored; return; }
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!is_request_id_key(it.key())) continue;
        if (it->is_string()) table.set_id(it->get<std::string>());
        else if (it->is_number_integer()) table.set_id(std::to_string(it->get<long long>()));
        break;
      }
      if (auto it = j.find("status"); it != j.end() && (it->is_number_integer() || it->is_string()))
        ++out.counts["status"][it->is_string() ? it->get<std::string>() : std::to_string(it->get<long long>())];
    }, out.skipped);
  }

 private:
  std::vector<FieldSpec> m_fields;
};

}  // namespace

std::unique_ptr<Format> make_jsonl_format(const FormatOptions& options) { return std::make_unique<JsonlFormat>(options); }

}  // namespace latbench::logs
