#pragma once
// One big log parsed on all cores: cut into consecutive parts at lines where the format can start
// afresh (Format::part_start), each part parsed on its own thread by its own Format object, the
// parts' data appended in order and their formats joined (Format::join_part) — so the result is
// the one a single parse of the whole log gives: same rows in the same order, counts, skipped
// line numbers, notes. Only exact-mode sketches differ: --streaming merges its per-part sketches
// (count, min, max exact; mean and SD to rounding).
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "logs/format.hpp"

namespace latbench::logs {

// Below this size a log is parsed on one thread: threads and joins would cost more than they save.
inline constexpr std::uint64_t k_parts_min_bytes = 16u << 20;

// Sizes `table`'s columns, once `reader` has read its first chunk, for the rows a log of `bytes`
// bytes will hold at that chunk's rate: they then fill without a copy each time they double.
// Nothing when `bytes` is 0 (unknown).
void plan_rows(LineReader& reader, RecordTable& table, std::uint64_t bytes);

// Offsets (ascending, in (0, size)) where the parts after the first start, for up to `parts`
// parts of about equal size. `read(offset, length)` gives the log's bytes there (fewer at its
// end). Fewer cuts, or none, when the format finds no part start within 1 MiB after a cut.
std::vector<std::uint64_t> part_cuts(const Format& format, std::uint64_t size, std::size_t parts,
                                     const std::function<std::string_view(std::uint64_t, std::size_t)>& read);

struct LogPart {
  std::unique_ptr<Format> format;   // a fresh object of the log's format, one per part
  std::unique_ptr<ByteSource> bytes;
  std::uint64_t size = 0;            // bytes in the part, to plan memory (0: unknown)
};

// Where to cut a log of `size` bytes (read as for part_cuts) for up to `parts` parts, and each
// part's Format: `format`.fresh(), the later ones taught the log's head (Format::learn_head).
// `ends` holds each part's end offset, the last one `size`. Empty (no formats) when the log
// cannot be cut: the format cannot be parsed in parts, or finds no place to cut it.
struct PartPlan {
  std::vector<std::uint64_t> ends;
  std::vector<std::unique_ptr<Format>> formats;
};
PartPlan plan_parts(const Format& format, std::uint64_t size, std::size_t parts,
                    const std::function<std::string_view(std::uint64_t, std::size_t)>& read);

// One part on the calling thread: parses it into `out` (its columns planned for a log of
// `plan_bytes` bytes, see plan_rows) and returns the number of lines it read.
std::uint64_t parse_one_part(LogPart& part, LogData& out, std::uint64_t plan_bytes);

// Appends `next`, the part after the ones in `out` (which hold `lines_before` lines), and lets
// the first part's format join the next one's (Format::join_part); adds `next_lines` (the lines
// the next part read) to `lines_before`.
void join_next_part(LogData& out, Format& first, LogData&& next, Format& next_format, std::uint64_t next_lines,
                    std::uint64_t& lines_before);

// Parses every part on its own thread (the first on the caller's) and joins them. Rethrows the
// first part's error, in part order.
LogData parse_parts(std::vector<LogPart>& parts, const TableOptions& table);

// The whole path for an in-memory log (tests, benchmarks): plan, parts, parse. A log that cannot
// be cut is parsed as one part (by `format`.fresh()).
LogData parse_text_in_parts(const Format& format, std::string_view text, std::size_t parts, const TableOptions& table);

}  // namespace latbench::logs
