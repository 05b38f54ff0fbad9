#pragma once
// What a format makes of a log: a table of records (one row per request / block / line, one
// column per timed field), counts by kind (errors, methods, statuses), notes for the user, and
// what was skipped. Columns become Series; rows are what joins and group-by pair up.
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/series.hpp"
#include "logs/column_growth.hpp"
#include "stats/streaming_summary.hpp"

namespace latbench::logs {

inline constexpr double k_missing = std::numeric_limits<double>::quiet_NaN();

// What a table keeps besides its columns' values. Per-row ids and times cost as much memory as a
// column each (a string per row for ids), so an analysis keeps them only when it uses them.
struct TableOptions {
  bool streaming = false;   // constant memory: per-column sketches, nothing per row
  bool ids = true;          // each record's request id (--join --on request_id, --group-by)
  bool timestamps = true;   // each record's time (timelines over time)
};

struct Column {
  std::string name;
  std::string unit;
  std::vector<double> values;  // by row; NaN where the record has no such field
  std::unique_ptr<stats::StreamingSummary> sketch;  // set in streaming mode instead of `values`
};

// Rows are appended with begin_row(); set() fills cells of the current row. In streaming mode
// nothing per row is kept: values go straight into constant-size sketches.
class RecordTable {
 public:
  explicit RecordTable(TableOptions options = {})
      : m_streaming(options.streaming), m_keep_ids(options.ids && !options.streaming),
        m_keep_timestamps(options.timestamps && !options.streaming) {}

  bool streaming() const { return m_streaming; }
  // Whether set_id() / set_timestamp() keep anything: a format may skip working out what would
  // be dropped.
  bool keeps_ids() const { return m_keep_ids; }
  bool keeps_timestamps() const { return m_keep_timestamps; }
  std::size_t rows() const { return m_rows; }

  // Index of the column called `name`, created on first use.
  std::size_t column(std::string_view name, std::string_view unit = "ms") {
    for (std::size_t i = 0; i < m_columns.size(); ++i)
      if (m_columns[i].name == name) return i;
    Column c;
    c.name = std::string(name);
    c.unit = std::string(unit);
    if (m_streaming) c.sketch = std::make_unique<stats::StreamingSummary>();
    else if (m_reserved_rows > 0) grow_column(c.values, m_reserved_rows);
    m_columns.push_back(std::move(c));
    return m_columns.size() - 1;
  }

  // Starts a new record and returns its row index.
  std::size_t begin_row() { return m_rows++; }

  [[gnu::always_inline]] void set(std::size_t col, double value) { set_at(m_rows - 1, col, value); }
  // Sets a cell of an earlier row (group-by merges stages into the row of their request).
  // Inlined: it runs once per value of a big log.
  [[gnu::always_inline]] void set_at(std::size_t row, std::size_t col, double value) {
    std::vector<double>& v = m_columns[col].values;
    // The common case, inline: the next cell of a dense column, with room for it.
    if (v.size() == row && row < v.capacity() && !m_streaming) [[likely]] {
      v.push_back(value);
      return;
    }
    set_at_slow(row, col, value);
  }

  // Per-row attributes, kept as the TableOptions say (never when streaming).
  void set_id(std::string_view id) { if (m_keep_ids) grow(m_ids, std::string())[m_rows - 1] = std::string(id); }
  void set_timestamp(double ms) {
    if (!m_keep_timestamps) return;
    if (m_timestamps.size() + 1 == m_rows) {  // the common case: every row has one
      if (m_timestamps.size() == m_timestamps.capacity()) grow_column(m_timestamps);
      m_timestamps.push_back(ms);
    } else {
      grow(m_timestamps, k_missing)[m_rows - 1] = ms;
    }
  }
  void set_failed(bool failed = true) { set_failed_at(m_rows - 1, failed); }
  void set_failed_at(std::size_t row, bool failed = true) {
    if (m_streaming) return;
    if (m_failed.size() <= row) m_failed.resize(row + 1, 0);
    m_failed[row] = failed;
  }

  // Room for `rows` rows in every column, present and future (a plan: capacity never written
  // costs no memory, and growing by copies costs a copy and fresh pages each time).
  void reserve_rows(std::size_t rows);
  std::size_t reserved_rows() const { return m_reserved_rows; }

  // Appends the rows of `later` (a later part of the same log, same streaming mode) after these:
  // its columns are matched by name (new ones added in its order) and its sketches merged.
  void append(RecordTable&& later);

  const std::vector<Column>& columns() const { return m_columns; }
  std::vector<Column>& columns() { return m_columns; }
  // Value of a cell, NaN when missing.
  double at(std::size_t row, std::size_t col) const {
    const auto& v = m_columns[col].values;
    return row < v.size() ? v[row] : k_missing;
  }
  std::string_view id(std::size_t row) const { return row < m_ids.size() ? std::string_view(m_ids[row]) : std::string_view(); }
  bool has_ids() const { return !m_ids.empty(); }
  double timestamp(std::size_t row) const { return row < m_timestamps.size() ? m_timestamps[row] : k_missing; }
  bool failed(std::size_t row) const { return row < m_failed.size() && m_failed[row]; }

 private:
  void set_at_slow(std::size_t row, std::size_t col, double value);

  template <class T>
  std::vector<T>& grow(std::vector<T>& v, T fill) {
    if (v.size() < m_rows) v.resize(m_rows, fill);
    return v;
  }

  bool m_streaming;
  bool m_keep_ids;
  bool m_keep_timestamps;
  std::size_t m_rows = 0;
  std::size_t m_reserved_rows = 0;
  std::vector<Column> m_columns;
  std::vector<std::string> m_ids;
  std::vector<double> m_timestamps;
  std::vector<std::uint8_t> m_failed;
};

// Something a log reports besides its records, for the timeline: a device reset, an error.
// Kept only when the table keeps timestamps (an analysis that draws timelines).
struct LogEvent {
  std::string kind;            // "boot", or an error kind ("refused", "timeout")
  std::size_t row = 0;         // records before it
  double time_ms = k_missing;  // the log's time of day, when its lines carry one
  // Set by place_events(): whether it is the error of record `row` (printed in or just before a
  // block that then completed, marked failed), and its time in seconds since the log's first
  // timestamped record (the clock of Analysis::series_seconds), NaN without one.
  bool on_record = false;
  double seconds = k_missing;
};

struct LogData {
  std::string source;   // file name as given
  std::string format;   // format name used
  RecordTable table;
  std::vector<Series> extra_series;  // series not aligned with records (e.g. ESP32 free heap)
  // Counts by category then key: {"error": {"timeout": 3}}, {"status": {"200": 97}}.
  std::map<std::string, std::map<std::string, std::uint64_t>> counts;
  std::vector<std::string> notes;    // things the user should know (noise traffic, heap trend)
  std::vector<LogEvent> events;      // in log order
  SkipCounts skipped;
  std::uint64_t lines = 0;           // clean lines seen
  std::uint64_t ignored = 0;         // clean lines that carry nothing for this format

  explicit LogData(TableOptions options = {}) : table(options) {}
};

// Sets each event's on_record and seconds (see LogEvent) from the finished table.
void place_events(LogData& data);

// Appends `later` (the next part of the same log, its line numbers counted from 1) to `out`, as if
// one parse had read both: rows, counts, skipped lines (numbers shifted by `line_offset`, the
// lines of the parts before), extra series by name. Format-specific state: Format::join_part.
void append_log_part(LogData& out, LogData&& later, std::uint64_t line_offset);

}  // namespace latbench::logs
