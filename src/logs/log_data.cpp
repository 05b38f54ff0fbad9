#include "logs/log_data.hpp"

#include <algorithm>
#include <new>

namespace latbench::logs {
namespace {

// `v` holds at most `rows` cells; `later` continues it from row `rows` on.
template <class T>
void append_cells(std::vector<T>& v, std::vector<T>&& later, std::size_t rows, const T& fill) {
  if (later.empty()) return;
  v.resize(rows, fill);
  v.insert(v.end(), std::make_move_iterator(later.begin()), std::make_move_iterator(later.end()));
  later.clear();
  later.shrink_to_fit();
}

// The same for a column of doubles (values, times): room made once, and `later`'s pages handed
// back as they are copied (append_column).
void append_doubles(std::vector<double>& v, std::vector<double>&& later, std::size_t rows) {
  if (later.empty()) return;
  if (v.capacity() < rows + later.size()) grow_column(v, rows + later.size());
  v.resize(rows, k_missing);
  append_column(v, std::move(later));
}

}  // namespace

void RecordTable::set_at_slow(std::size_t row, std::size_t col, double value) {
  Column& c = m_columns[col];
  if (m_streaming) {
    c.sketch->add(value);
    return;
  }
  if (c.values.size() == row) {
    if (row == c.values.capacity()) grow_column(c.values);
    c.values.push_back(value);
    return;
  }
  if (c.values.size() < row) {
    if (row >= c.values.capacity()) grow_column(c.values, row + 1);
    c.values.resize(row + 1, k_missing);
  }
  c.values[row] = value;
}

void RecordTable::reserve_rows(std::size_t rows) {
  if (m_streaming || rows <= m_reserved_rows) return;
  try {
    for (Column& c : m_columns)
      if (c.values.capacity() < rows) grow_column(c.values, rows);
    if (m_timestamps.capacity() < rows && !m_timestamps.empty()) grow_column(m_timestamps, rows);
    m_reserved_rows = rows;
  } catch (const std::bad_alloc&) {
    // Only a plan (from a guess): without the room, columns grow as they fill.
  }
}

void RecordTable::append(RecordTable&& later) {
  const std::size_t rows = m_rows;
  for (Column& c : later.m_columns) {
    Column& mine = m_columns[column(c.name, c.unit)];
    if (m_streaming) {
      mine.sketch->merge(*c.sketch);
      continue;
    }
    append_doubles(mine.values, std::move(c.values), rows);
  }
  append_cells(m_ids, std::move(later.m_ids), rows, std::string());
  append_doubles(m_timestamps, std::move(later.m_timestamps), rows);
  append_cells(m_failed, std::move(later.m_failed), rows, std::uint8_t{0});
  m_rows += later.m_rows;
  later.m_rows = 0;
}

void place_events(LogData& data) {
  const RecordTable& table = data.table;
  double first = k_missing;
  for (std::size_t r = 0; r < table.rows() && std::isnan(first); ++r) first = table.timestamp(r);
  for (auto& e : data.events) {
    e.on_record = e.kind != "boot" && e.row < table.rows() && table.failed(e.row);
    e.seconds = std::isnan(e.time_ms) || std::isnan(first) ? k_missing : (e.time_ms - first) / 1000;
  }
}

void append_log_part(LogData& out, LogData&& later, std::uint64_t line_offset) {
  const std::size_t row_offset = out.table.rows();
  for (auto& e : later.events) {
    e.row += row_offset;
    out.events.push_back(std::move(e));
  }
  out.table.append(std::move(later.table));
  for (auto& extra : later.extra_series) {
    auto it = std::find_if(out.extra_series.begin(), out.extra_series.end(),
                           [&](const Series& s) { return s.name == extra.name; });
    if (it == out.extra_series.end()) out.extra_series.push_back(std::move(extra));
    else it->values.insert(it->values.end(), extra.values.begin(), extra.values.end());
  }
  for (const auto& [category, keys] : later.counts)
    for (const auto& [key, n] : keys) out.counts[category][key] += n;
  out.notes.insert(out.notes.end(), later.notes.begin(), later.notes.end());
  out.skipped.lines += later.skipped.lines;
  for (const auto& [reason, n] : later.skipped.reasons) out.skipped.reasons[reason] += n;
  for (auto line : later.skipped.first_lines)
    if (out.skipped.first_lines.size() < 5) out.skipped.first_lines.push_back(line + line_offset);
  out.lines += later.lines;
  out.ignored += later.ignored;
}

}  // namespace latbench::logs
