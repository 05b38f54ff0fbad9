#pragma once
// One log file in, records out: open (mmap / stdin / gzip), pick the format (forced, a YAML file,
// or sniffed from the first lines), parse.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "logs/format.hpp"
#include "logs/log_data.hpp"

namespace latbench::logs {

struct ReadOptions {
  std::string format;            // "" = sniff; a built-in name; or a path to a YAML format file
  FormatOptions format_options;
  bool streaming = false;        // constant memory: no per-record rows, sketches per column
  bool ids = true;               // keep each record's request id (joins, group-by)
  bool timestamps = true;        // keep each record's time (plots over time)

  TableOptions table() const { return {streaming, ids, timestamps}; }
};

// Errors (exit 2): the file cannot be opened, is empty, matches no format (the message names the
// file and every format tried), or the forced format is unknown (the message lists the known ones).
Result<LogData> read_log(const std::string& path, const ReadOptions& options);

// The name of the format read_log would use for `path`: the forced one, or the built-in that
// sniffing picks. Errors as read_log's (cannot open, empty, matches no format).
Result<std::string> sniff_format(const std::string& path, const ReadOptions& options);

// The table's columns as Series (missing cells left out), each carrying the log's skip counts,
// followed by the log's extra series. Not for streaming tables (they keep no values).
std::vector<Series> log_series(const LogData& data);
// Same, moving the values out of the table (no copy; the table's columns are left empty).
std::vector<Series> take_series(LogData& data);

// "esp32, ultralytics, ..." for messages and --help.
std::string format_names();

}  // namespace latbench::logs
