#pragma once
// A log format: recognises its own lines (sniff) and turns a whole log into records (parse).
// One format = one file (src/logs/format_<name>.cpp) + one line in format_registry.cpp.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "logs/line_source.hpp"
#include "logs/log_data.hpp"

namespace latbench::logs {

// What the user told us about the log, whatever the format (formats ignore what they don't use).
struct FormatOptions {
  std::vector<std::string> fields;  // --field: names (jsonl keys / csv columns), "name:unit" allowed
  std::string log_format;           // --log-format: nginx log_format / Apache LogFormat string
};

class Format {
 public:
  virtual ~Format() = default;
  virtual std::string name() const = 0;
  // How sure we are that `head` (the first clean lines) is this format: 0 = not at all; else the
  // number of lines recognised (the caller picks the highest score).
  virtual int sniff(const std::vector<std::string_view>& head) const = 0;
  // Reads every line into `out`. Lines it cannot use are counted in out.ignored or out.skipped.
  // Throws latbench::Error (naming the file and line) only when the log cannot be used at all.
  virtual void parse(LineReader& reader, LogData& out) = 0;

  // Parsing a big file in parts on all cores (parse_parts.hpp); optional. A format that can
  // returns from fresh() a new object with this one's configuration (options, and what sniff()
  // decided) and no parse state: one per part. The default, nullptr: cannot be parsed in parts.
  virtual std::unique_ptr<Format> fresh() const { return nullptr; }
  // The offset in `text` (which begins at a line start) of the first line at which parsing may
  // begin without knowing the lines before (but with what learn_head() took), npos when `text`
  // has none.
  virtual std::size_t part_start(std::string_view) const { return std::string_view::npos; }
  // Called on the format object of every part but the first, before it parses, with the log's
  // first bytes (up to 1 MiB): a format whose lines mean something only with the log's first
  // lines (a CSV header) takes them from there. Returns the offset just past the lines it needs
  // (parts start there or later); npos when `head` does not hold them: the log is not cut.
  virtual std::size_t learn_head(std::string_view /*head*/) { return 0; }
  // One part: parse() without the end-of-log work. Each part has its own Format object.
  virtual void parse_part(LineReader& reader, LogData& out) { parse(reader, out); }
  // After the next part's data was appended to `out` (its rows from `first_row` on): takes over
  // what that part's format carried, and fixes what depended on this part's end.
  virtual void join_part(Format& /*next*/, LogData& /*out*/, std::size_t /*first_row*/) {}
  // The end-of-log work, once, after the last part was joined.
  virtual void finish(LogData& /*out*/) {}
};

using FormatFactory = std::unique_ptr<Format> (*)(const FormatOptions&);

struct FormatEntry {
  const char* name;
  const char* description;  // one line, shown in --help
  FormatFactory make;
};

// Built-in formats in sniffing order (ties go to the earlier one).
const std::vector<FormatEntry>& builtin_formats();
const FormatEntry* find_format(std::string_view name);

// Splits `text` into at most `max_lines` lines (CR stripped) for sniff().
std::vector<std::string_view> head_lines(std::string_view text, std::size_t max_lines = 64);

// A complete line of a text: its offsets [begin, end), `end` just past its newline, and its
// 1-based number (skipped lines counted, as LineReader numbers them).
struct LineSpan {
  std::size_t begin = 0, end = 0;
  std::uint64_t number = 0;
};

// The first newline-terminated line of `text` that LineReader would hand a format (CR stripped;
// NUL / invalid UTF-8 / over-long lines left out) for which fn(line) is true; nullopt if none.
// For part_start() and learn_head(): a part must begin at a line the reader really delivers.
template <class Fn>
std::optional<LineSpan> find_complete_line(std::string_view text, Fn&& fn) {
  std::uint64_t number = 0;
  for (std::size_t at = 0;;) {
    const auto nl = text.find('\n', at);
    if (nl == std::string_view::npos) return std::nullopt;
    ++number;
    std::string_view line = text.substr(at, nl - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const char* reason = nullptr;
    if (line.size() <= LineReader::k_default_max_line && clean_text(line, &reason) && fn(line)) return LineSpan{at, nl + 1, number};
    at = nl + 1;
  }
}

}  // namespace latbench::logs
