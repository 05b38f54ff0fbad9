// CSV with a header row (comma, semicolon or tab, sniffed from the header). Columns come from
// --field, else every column whose first data row is numeric. RFC 4180 quoting ("a ""b""") is
// understood; a request id column (request_id, req_id, rid, trace_id) names the records.
#include <algorithm>
#include <cstdint>
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
  explicit CsvFormat(std::vector<FieldSpec> fields) : m_fields(std::move(fields)) {}
  std::string name() const override { return "csv"; }

  // A header of names and rows with as many cells, at least one column of numbers: lines that
  // merely hold the same number of commas (a Python log's "07:40:03,129" timestamps) are not
  // CSV, and taking them for it hid every other format and the advice to use --format.
  int sniff(const std::vector<std::string_view>& head) const override {
    if (head.size() < 2) return 0;
    const char d = sniff_delimiter(head[0]);
    const auto columns = std::count(head[0].begin(), head[0].end(), d);
    if (columns == 0) return 0;
    std::vector<std::string_view> cells;
    std::deque<std::string> storage;
    split(head[0], d, cells, storage);
    double v = 0;
    for (auto c : cells)
      if (parse_number(trim_spaces(c), v) == NumberStatus::ok) return 0;  // a number is no column name
    const std::size_t width = cells.size();
    std::vector<std::size_t> numbers(width, 0), others(width, 0);
    int n = 0;
    for (std::size_t i = 1; i < head.size(); ++i) {
      split(head[i], d, cells, storage);  // cells, not delimiters: a quoted one does not count
      if (cells.size() != width) break;
      for (std::size_t c = 0; c < width; ++c) {
        const auto cell = trim_spaces(cells[c]);
        if (cell.empty()) continue;
        ++(parse_number(cell, v) == NumberStatus::ok ? numbers[c] : others[c]);
      }
      ++n;
    }
    if (n == 0 || (n < static_cast<int>(head.size()) - 1 && n <= 2)) return 0;
    for (std::size_t c = 0; c < width; ++c)
      if (others[c] == 0 && 2 * numbers[c] > static_cast<std::size_t>(n)) return n;
    return 0;
  }

  std::unique_ptr<Format> fresh() const override { return std::make_unique<CsvFormat>(m_fields); }
  // A record is one line (a quoted cell holding a newline is not joined across lines, in one
  // parse or in parts), read with the header and the columns chosen at the first data row.
  std::size_t part_start(std::string_view) const override { return 0; }

  // A later part takes the header and the first data row (which chose the columns) from the
  // log's head, as the whole parse read them; it must start after both.
  std::size_t learn_head(std::string_view head) override {
    std::string header;
    std::size_t columns = 0;
    std::vector<std::string_view> cells;
    std::deque<std::string> storage;
    const auto row = find_complete_line(head, [&](std::string_view line) {
      if (trim_spaces(line).empty()) return false;
      if (header.empty()) {
        header = line;
        split(line, sniff_delimiter(line), cells, storage);
        columns = cells.size();
        return false;
      }
      split(line, sniff_delimiter(header), cells, storage);
      if (cells.size() != columns) return false;
      m_learnt_row = line;
      return true;
    });
    if (!row) return std::string_view::npos;
    m_learnt_header = std::move(header);
    m_learnt_row_line = row->number;
    return row->end;
  }

  void parse(LineReader& reader, LogData& out) override {
    RecordTable& table = out.table;
    if (!m_learnt_header.empty()) {
      read_header(m_learnt_header);
      std::vector<std::string_view> cells;
      std::deque<std::string> storage;
      split(m_learnt_row, m_delim, cells, storage);
      choose(cells, table, m_learnt_row_line);
    }
    std::vector<std::string_view> cells;
    std::deque<std::string> storage;  // deque: growing it keeps the views into it valid
    reader.for_each([&](const Line& line) {
      ++out.lines;
      if (trim_spaces(line.text).empty()) { ++out.ignored; return; }
      if (!m_have_header) {
        read_header(line.text);
        return;
      }
      split(line.text, m_delim, cells, storage);
      if (cells.size() != m_header.size()) {
        out.skipped.add(line.unterminated ? k_skip_truncated : fmt::format("wrong number of columns (header has {})", m_header.size()), line.number);
        return;
      }
      if (!m_chose) choose(cells, table, line.number);
      double v = 0;
      bool any = false;
      for (const auto& u : m_uses) {
        auto s = parse_number(cells[u.cell], v);
        if (s == NumberStatus::out_of_range) { out.skipped.add(k_skip_range, line.number); return; }
        if (s != NumberStatus::ok) continue;  // empty cell: missing value
        if (!any) { table.begin_row(); any = true; }
        table.set(u.column, v * u.factor);
      }
      if (!any) { out.skipped.add("no numeric value in the chosen columns", line.number); return; }
      if (m_id_cell != SIZE_MAX) table.set_id(trim_spaces(cells[m_id_cell]));
    }, out.skipped);
  }

 private:
  void read_header(std::string_view line) {
    std::vector<std::string_view> cells;
    std::deque<std::string> storage;
    m_delim = sniff_delimiter(line);
    split(line, m_delim, cells, storage);
    for (auto c : cells) m_header.emplace_back(trim_spaces(c));
    for (std::size_t i = 0; i < m_header.size(); ++i)
      if (is_request_id_key(m_header[i]) && m_id_cell == SIZE_MAX) m_id_cell = i;
    m_have_header = true;
  }

  // Picks the columns from --field, or the numeric ones of the first data row (line `line`).
  void choose(const std::vector<std::string_view>& cells, RecordTable& table, std::uint64_t line) {
    m_chose = true;
    if (!m_fields.empty()) {
      for (const auto& f : m_fields) {
        auto it = std::find(m_header.begin(), m_header.end(), f.name);
        if (it == m_header.end()) {
          std::string known;
          for (const auto& h : m_header) known += (known.empty() ? "" : ", ") + h;
          throw usage_error(fmt::format("--field {}: no such CSV column (line {} has: {})", f.name, line - 1, known));
        }
        m_uses.push_back({static_cast<std::size_t>(it - m_header.begin()), table.column(f.name, f.unit), f.factor});
      }
      return;
    }
    for (std::size_t i = 0; i < m_header.size(); ++i) {
      double v = 0;
      if (i == m_id_cell || parse_number(cells[i], v) != NumberStatus::ok) continue;
      const FieldSpec f = field_spec(m_header[i]);
      if (f.name == "seq" || f.name == "timestamp" || f.name == "ts" || f.name == "id") continue;
      m_uses.push_back({i, table.column(f.name, f.unit), f.factor});
    }
  }

  std::vector<FieldSpec> m_fields;
  // What the header and the first data row decided.
  struct Use { std::size_t cell; std::size_t column; double factor; };
  std::vector<std::string> m_header;
  char m_delim = ',';
  std::vector<Use> m_uses;
  std::size_t m_id_cell = SIZE_MAX;
  bool m_have_header = false, m_chose = false;
  // Set by learn_head() in a later part: the lines that decide the above, and the row's number.
  std::string m_learnt_header, m_learnt_row;
  std::uint64_t m_learnt_row_line = 0;
};

}  // namespace

std::unique_ptr<Format> make_csv_format(const FormatOptions& options) { return std::make_unique<CsvFormat>(field_specs(options.fields)); }

}  // namespace latbench::logs
