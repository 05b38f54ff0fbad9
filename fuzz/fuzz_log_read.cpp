// Every built-in log format through the entry `latbench analyze FILE` uses (read_log: open,
// sniff or force the format, parse), then the same bytes parsed in parts (the multi-core path
// of big files) and as a stream in small blocks (the stdin / .gz path), which call the formats'
// part_start / learn_head / join_part on inputs no test wrote.
//
// Input: one selector byte, then the log. Selector bits:
//   0-3  0 = sniff (as the CLI does without --format); 1..8 = force built-in format n-1; else sniff
//   4    --streaming
//   5    the first line holds options: "FIELD,FIELD\tLOG_FORMAT" (--field and --log-format)
//   6    keep no ids or timestamps (what analyze asks for when it needs neither)
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "logs/parse_parts.hpp"
#include "logs/read_log.hpp"
#include "logs/stream_parts.hpp"

using namespace latbench;

namespace {

logs::ReadOptions options_for(unsigned selector, std::string_view& log) {
  logs::ReadOptions options;
  const unsigned format = selector & 0x0f;
  if (format >= 1 && format <= logs::builtin_formats().size())
    options.format = logs::builtin_formats()[format - 1].name;
  options.streaming = selector & 0x10;
  if (selector & 0x20) {
    std::string_view line = fuzz::take_until(log, "\n");
    std::string_view fields = fuzz::take_until(line, "\t");
    options.format_options.log_format = std::string(line);
    while (!fields.empty()) {
      const std::string_view field = fuzz::take_until(fields, ",");
      if (!field.empty()) options.format_options.fields.emplace_back(field);
    }
  }
  if (selector & 0x40) options.ids = options.timestamps = false;
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file;
  if (size == 0) return 0;
  std::string_view log(reinterpret_cast<const char*>(data) + 1, size - 1);
  const logs::ReadOptions options = options_for(data[0], log);
  const std::string& path = file.write(log);

  std::string format_name;
  fuzz::expect_only_latbench_errors("read_log", [&] {
    auto read = logs::read_log(path, options);
    if (!read) return;
    format_name = read->format;
    if (!options.streaming) (void)logs::take_series(*read);
  });
  if (format_name.empty()) return 0;

  const logs::FormatEntry* entry = logs::find_format(format_name);
  fuzz::check(entry != nullptr, "read_log names a built-in format");
  fuzz::expect_only_latbench_errors("parse in parts", [&] {
    auto format = entry->make(options.format_options);
    if (!format->fresh()) return;  // this format is always parsed on one thread
    (void)logs::parse_text_in_parts(*format, log, 3, options.table());
    logs::StreamPartsOptions stream;
    stream.workers = 2;
    stream.block = 64;  // tiny blocks: many cuts, many joins, on a small input
    stream.max_block = 4096;
    stream.table = options.table();
    auto source = logs::bytes_from_memory(log, 100);
    (void)logs::parse_stream_in_parts(*format, *source, stream);
  });
  return 0;
}
