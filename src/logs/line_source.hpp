#pragma once
// Lines of a log, whatever the log is made of: a file or "-" (stdin) read in 1 MiB chunks (see
// line_source.cpp for why not mmap: measured slower here), "*.gz" inflated with zlib. Memory stays
// flat on multi-GB logs. Every line is checked before a format sees it: lines holding NUL
// bytes or invalid UTF-8, or longer than the limit, are skipped and counted by reason in
// SkipCounts with their line numbers. A trailing CR is dropped (CRLF logs), and the last line is
// flagged when the file does not end with a newline (a truncated write).
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/series.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace latbench::logs {

struct Line {
  std::string_view text;       // without the newline / CR; valid only during the callback
  std::uint64_t number = 0;    // 1-based
  bool unterminated = false;   // the last line, with no newline after it
};

// Where the bytes come from: a mapped file, stdin or a gzip stream (see line_source.cpp).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The next chunk of bytes; empty at the end. Throws latbench::Error naming the file on a read
  // error. The previous chunk stays valid until the next call.
  virtual std::string_view next_chunk() = 0;
};

// Opens `path` ("-" = stdin, "*.gz" = gzip). Errors name the file and the OS reason.
Result<std::unique_ptr<ByteSource>> open_bytes(const std::string& path);
// Bytes [begin, end) of a regular file (one part of a log parsed in parts).
Result<std::unique_ptr<ByteSource>> open_range(const std::string& path, std::uint64_t begin, std::uint64_t end);
// Bytes from memory (tests, sniffing): the string must outlive the source.
std::unique_ptr<ByteSource> bytes_from_memory(std::string_view data, std::size_t chunk = 0);

// The reason labels used in SkipCounts (stable: they appear in the JSON export).
inline constexpr const char* k_skip_nul = "NUL byte";
inline constexpr const char* k_skip_utf8 = "invalid UTF-8";
inline constexpr const char* k_skip_long = "line too long";

// True when `text` holds no NUL byte and is valid UTF-8 (fast path: 8 ASCII bytes at a time).
bool clean_text(std::string_view text, const char** reason);
// One 64-byte block of a chunk, scanned once: where its newlines are, and whether it holds a
// byte that makes a line need checking (NUL, or not ASCII: possibly invalid UTF-8).
struct BlockScan {
  std::uint64_t newlines = 0;  // bit i set when base[i] is '\n'
  bool dirty = false;
};

// Scans the up to 64 bytes of [base, end).
inline BlockScan scan_block(const char* base, const char* end) {
  BlockScan b;
#if defined(__SSE2__)
  if (end - base >= 64) {
    const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    std::uint32_t high = 0, nul = 0;
    for (int i = 0; i < 4; ++i) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + 16 * i));
      b.newlines |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)))) << (16 * i);
      high |= static_cast<std::uint32_t>(_mm_movemask_epi8(v));  // the top bit of each byte
      nul |= static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
    }
    b.dirty = (high | nul) != 0;
    return b;
  }
#endif
  const std::ptrdiff_t n = std::min<std::ptrdiff_t>(end - base, 64);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(base[i]);
    b.newlines |= static_cast<std::uint64_t>(c == '\n') << i;
    b.dirty = b.dirty || c == 0 || c >= 0x80;
  }
  return b;
}

class LineReader {
 public:
  static constexpr std::size_t k_default_max_line = 1 << 20;  // 1 MiB: no log line is longer

  explicit LineReader(std::unique_ptr<ByteSource> source, std::size_t max_line = k_default_max_line)
      : m_source(std::move(source)), m_max_line(max_line) {}

  // Lines read so far, skipped ones included (the last line number given).
  std::uint64_t lines_read() const { return m_lines; }
  // Called once, after the lines of the first chunk, with that chunk's size: lets a caller who
  // knows the log's size plan its memory from what the first chunk held (parse_parts.cpp).
  void after_first_chunk(std::function<void(std::size_t)> hook) { m_after_first_chunk = std::move(hook); }

  // Calls fn(const Line&) for every clean line, in order; skipped lines go to `skipped`.
  template <class Fn>
  void for_each(Fn&& fn, SkipCounts& skipped) {
    std::uint64_t number = 0;
    bool discarding = false;  // inside an over-long line that spans chunks
    for (std::string_view chunk = m_source->next_chunk(); !chunk.empty();
         chunk = m_source->next_chunk()) {
      const char* p = chunk.data();
      const char* end = p + chunk.size();
      // Newlines are found 64 bytes at a time (a bit mask), not by a memchr call per line. The
      // same pass notes blocks holding NUL or non-ASCII bytes: a line that starts after the end
      // of the last such block is clean without a check of its own (nearly every line of a log).
      const char* base = p;
      BlockScan block = scan_block(base, end);
      const char* dirty_until = block.dirty ? base + 64 : p;
      std::uint64_t mask = block.newlines;
      for (;;) {
        while (mask == 0 && base + 64 < end) {
          base += 64;
          block = scan_block(base, end);
          if (block.dirty) dirty_until = base + 64;
          mask = block.newlines;
        }
        if (mask == 0) {  // the rest continues in the next chunk
          if (p < end) {
            if (!discarding) m_carry.append(p, static_cast<std::size_t>(end - p));
            if (m_carry.size() > m_max_line) { m_carry.clear(); discarding = true; }
          }
          break;
        }
        const char* nl = base + std::countr_zero(mask);
        mask &= mask - 1;
        std::string_view text(p, static_cast<std::size_t>(nl - p));
        ++number;
        if (discarding) {
          discarding = false;
          skipped.add(k_skip_long, number);
        } else if (!m_carry.empty()) {
          m_carry.append(text);
          emit(m_carry, number, false, fn, skipped, false);
          m_carry.clear();
        } else {
          emit(text, number, false, fn, skipped, p >= dirty_until);
        }
        p = nl + 1;
      }
      if (m_after_first_chunk) {
        m_after_first_chunk(chunk.size());
        m_after_first_chunk = nullptr;
      }
    }
    if (discarding) {
      skipped.add(k_skip_long, ++number);
    } else if (!m_carry.empty()) {
      emit(m_carry, ++number, true, fn, skipped, false);
      m_carry.clear();
    }
    m_lines = number;
  }

 private:
  template <class Fn>
  void emit(std::string_view text, std::uint64_t number, bool unterminated, Fn& fn,
            SkipCounts& skipped, bool known_clean) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.size() > m_max_line) { skipped.add(k_skip_long, number); return; }
    const char* reason = nullptr;
    if (!known_clean && !clean_text(text, &reason)) { skipped.add(reason, number); return; }
    fn(Line{text, number, unterminated});
  }

  std::unique_ptr<ByteSource> m_source;
  std::size_t m_max_line;
  std::string m_carry;  // a line split across two chunks
  std::uint64_t m_lines = 0;
  std::function<void(std::size_t)> m_after_first_chunk;
};

// Lets a caller look at the first chunk (for sniffing the format) before the reader consumes it,
// so stdin and .gz are read once.
class PeekSource final : public ByteSource {
 public:
  explicit PeekSource(std::unique_ptr<ByteSource> inner) : m_inner(std::move(inner)) {}
  std::string_view peek() {
    if (!m_peeked) { m_first = m_inner->next_chunk(); m_peeked = true; }
    return m_first;
  }
  std::string_view next_chunk() override {
    if (!m_first_given) { m_first_given = true; return peek(); }
    return m_inner->next_chunk();
  }

 private:
  std::unique_ptr<ByteSource> m_inner;
  std::string_view m_first;
  bool m_peeked = false;
  bool m_first_given = false;
};

}  // namespace latbench::logs
