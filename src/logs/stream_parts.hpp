#pragma once
// A log that can only be read from start to end (stdin, gzip: no offsets to cut at) parsed on
// all cores all the same: the calling thread reads (inflates) it into blocks of a few MiB, each
// ending where the format can start afresh (Format::part_start), while worker threads parse the
// blocks, each with its own Format object; the parts are appended and joined in order as they
// are done (as in parse_parts.hpp), so the result is what one parse gives. Only a few blocks are
// in flight at a time: memory stays flat however long the log.
#include <cstddef>
#include <memory>
#include <optional>

#include "logs/format.hpp"

namespace latbench::logs {

struct StreamPartsOptions {
  std::size_t workers = 2;      // parsing threads
  std::size_t block = 2 << 20;  // bytes per part, about (a part ends at the first place to cut after it)
  std::size_t max_block = 64 << 20;  // no place to cut this far: the rest of the log is one part
  TableOptions table;           // --streaming (sketches instead of rows), ids and times kept
};

// Parses all of `source` with fresh objects of `format`. Where the format finds no place to cut
// (or a later part cannot learn the log's head), the rest of the log is one last part. nullopt,
// with nothing read, when the format cannot be parsed in parts at all. Errors as one parse
// would throw them: a part's error before a read error after it, parts' errors in their order.
std::optional<LogData> parse_stream_in_parts(const Format& format, ByteSource& source, const StreamPartsOptions& options);

}  // namespace latbench::logs
