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
  // The option that sets `format`, named in messages ("--format"; "--join-format" for the
  // server log of a join), so a log nothing recognises says what to give.
  std::string format_option = "--format";

  TableOptions table() const { return {streaming, ids, timestamps}; }
};

// Errors (exit 2): the file cannot be opened, is empty, matches no format (the message names the
// file and every format tried), or the forced format is unknown (the message lists the known ones).
Result<LogData> read_log(const std::string& path, const ReadOptions& options);

// The built-in format that recognises most of `head` (a log's first lines, see head_lines()),
// ties to the earlier in builtin_formats(); nullptr when none recognises any line. What read_log
// does when no format is given: call this to sniff a log without reading it all.
std::unique_ptr<Format> sniff_format(const std::vector<std::string_view>& head, const FormatOptions& options = {});
// The same on a log's first bytes (split with head_lines(text, 200), as read_log does).
std::unique_ptr<Format> sniff_format(std::string_view head_text, const FormatOptions& options = {});
// The name of the format read_log would use for `path`: the forced one, or the built-in that
// sniffing picks. Errors as read_log's (cannot open, empty, matches no format).
Result<std::string> sniffed_format_name(const std::string& path, const ReadOptions& options);

// The table's columns as Series (missing cells left out), each carrying the log's skip counts,
// followed by the log's extra series. Not for streaming tables (they keep no values).
std::vector<Series> log_series(const LogData& data);
// Same, moving the values out of the table (no copy; the table's columns are left empty).
std::vector<Series> take_series(LogData& data);

// "esp32, ultralytics, ..." for messages and --help.
std::string format_names();

}  // namespace latbench::logs
