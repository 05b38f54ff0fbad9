// CSV with a header row (comma, semicolon or tab, sniffed from the header). Columns come from
// --field, else every column whose first data row is numeric. RFC 4180 quoting ("a ""b""") is
// understood; a request id column (request_id, req_id, rid, trace_id) names the records.
#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "logs/field_spec.hpp"
#include "logs/format.hpp"
#include "logs/scan.hpp"

namespace latbench::logs {
namespace {

char sniff_delimiter(std::string_view header) {
  char best = ',';
  std::ptrdiff_t most = 0;
  for (char d : {',', ';', '\t'}) {
    auto n = std::count(header.begin(), header.end(), d);
    if (n > most) { most = n; best = d; }
  }
  return best;
}

// Splits one record; quoted cells are unquoted into `storage` (which must outlive the views).
void split(std::string_view line, char delim, std::vector<std::string_view>& cells, std::deque<std::string>& storage) {
  cells.clear();
  storage.clear();
  std::size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      std::string cell;
      ++i;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') { cell += '"'; i += 2; continue; }
          ++i;
          break;
        }
        cell += line[i++];
      }
      storage.push_back(std::move(cell));
      cells.push_back(storage.back());
      auto next = line.find(delim, i);
      if (next == std::string_view::npos) return;
      i = next + 1;
    } else {
      auto next = line.find(delim, i);
      cells.push_back(line.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i));
      if (next == std::string_view::npos) return;
      i = next + 1;
    }
  }
}

class CsvFormat final : public Format {
 public:
  explicit CsvFormat(const FormatOptions& options) : m_fields(field_specs(options.fields)) {}
  std::string name() const override { return "csv"; }

  int sniff(const std::vector<std::string_view>& head) const override {
    if (head.size() < 2) return 0;
    const char d = sniff_delimiter(head[0]);
    const auto columns = std::count(head[0].begin(), head[0].end(), d);
    if (columns == 0) return 0;
    int n = 0;
    for (std::size_t i = 1; i < head.size(); ++i) {
      if (std::count(head[i].begin(), head[i].end(), d) != columns) return n > 2 ? n : 0;
      ++n;
    }
    return n;
  }

  void parse(LineReader& reader, LogData& out) override {
    RecordTable& table = out.table;
    std::vector<std::string> header;
    char delim = ',';
    struct Use { std::size_t cell; std::size_t column; double factor; };
    std::vector<Use> uses;
    std::size_t id_cell = SIZE_MAX;
    std::vector<std::string_view> cells;
    std::deque<std::string> storage;  // deque: growing it keeps the views into it valid
    bool have_header = false, chose = false;

    reader.for_each([&](const Line& line) {
      ++out.lines;
      if (trim_spaces(line.text).empty()) { ++out.ignored; return; }
      if (!have_header) {
        delim = sniff_delimiter(line.text);
        split(line.text, delim, cells, storage);
        for (auto c : cells) header.emplace_back(trim_spaces(c));
        for (std::size_t i = 0; i < header.size(); ++i)
          if (is_request_id_key(header[i]) && id_cell == SIZE_MAX) id_cell = i;
        have_header = true;
        return;
      }
      split(line.text, delim, cells, storage);
      if (cells.size() != header.size()) {
        out.skipped.add(line.unterminated ? k_skip_truncated : fmt::format("wrong number of columns (header has {})", header.size()), line.number);
        return;
      }
      if (!chose) choose(cells, header, id_cell, table, uses, line.number);
      chose = true;
      double v = 0;
      bool any = false;
      for (const auto& u : uses) {
        auto s = parse_number(cells[u.cell], v);
        if (s == NumberStatus::out_of_range) { out.skipped.add(k_skip_range, line.number); return; }
        if (s != NumberStatus::ok) continue;  // empty cell: missing value
        if (!any) { table.begin_row(); any = true; }
        table.set(u.column, v * u.factor);
      }
      if (!any) { out.skipped.add("no numeric value in the chosen columns", line.number); return; }
      if (id_cell != SIZE_MAX) table.set_id(trim_spaces(cells[id_cell]));
    }, out.skipped);
  }

 private:
  // Picks the columns from --field, or the numeric ones of the first data row.
  template <class Uses>
  void choose(const std::vector<std::string_view>& cells, const std::vector<std::string>& header, std::size_t id_cell,
              RecordTable& table, Uses& uses, std::uint64_t line) {
    if (!m_fields.empty()) {
      for (const auto& f : m_fields) {
        auto it = std::find(header.begin(), header.end(), f.name);
        if (it == header.end()) {
          std::string known;
          for (const auto& h : header) known += (known.empty() ? "" : ", ") + h;
          throw usage_error(fmt::format("--field {}: no such CSV column (line {} has: {})", f.name, line - 1, known));
        }
        uses.push_back({static_cast<std::size_t>(it - header.begin()), table.column(f.name, f.unit), f.factor});
      }
      return;
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
      double v = 0;
      if (i == id_cell || parse_number(cells[i], v) != NumberStatus::ok) continue;
      const FieldSpec f = field_spec(header[i]);
      if (f.name == "seq" || f.name == "timestamp" || f.name == "ts" || f.name == "id") continue;
      uses.push_back({i, table.column(f.name, f.unit), f.factor});
    }
  }

  std::vector<FieldSpec> m_fields;
};

}  // namespace

std::unique_ptr<Format> make_csv_format(const FormatOptions& options) { return std::make_unique<CsvFormat>(options); }

}  // namespace latbench::logs
