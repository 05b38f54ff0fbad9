#include "logs/line_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace latbench::logs {
namespace {

constexpr std::size_t k_chunk = 1 << 20;

std::string os_reason() { return std::strerror(errno); }

// Files, stdin and pipes, read in 1 MiB chunks into one reused buffer. Regular files are read
// this way too, not mmap'ed: on this project's 2-core VMs the esp32 parser spent 0.30 s of CPU
// on a 186 MB mmap'ed log (with or without MAP_POPULATE, in 64 MiB windows) against 0.19 s
// with read() into a buffer that stays in L2 — and RSS stays at one buffer.
class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string name, bool owned) : m_fd(fd), m_name(std::move(name)), m_owned(owned), m_buffer(k_chunk) {}
  ~FdSource() override {
    if (m_owned) close(m_fd);
  }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  std::string_view next_chunk() override {
    // Fill the whole buffer (pipes deliver small pieces) so the first chunk is enough to sniff.
    std::size_t filled = 0;
    while (filled < m_buffer.size()) {
      ssize_t n = read(m_fd, m_buffer.data() + filled, m_buffer.size() - filled);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        throw input_error(fmt::format("{}: read failed: {}", m_name, os_reason()));
      }
      filled += static_cast<std::size_t>(n);
    }
    return {m_buffer.data(), filled};
  }

 private:
  int m_fd;
  std::string m_name;
  bool m_owned;
  std::vector<char> m_buffer;
};

// Bytes [begin, end) of a file by pread: the parts of a log parsed on several threads.
class RangeSource final : public ByteSource {
 public:
  RangeSource(int fd, std::string name, std::uint64_t begin, std::uint64_t end)
      : m_fd(fd), m_name(std::move(name)), m_pos(begin), m_end(end), m_buffer(k_chunk) {}
  ~RangeSource() override { close(m_fd); }
  RangeSource(const RangeSource&) = delete;
  RangeSource& operator=(const RangeSource&) = delete;

  std::string_view next_chunk() override {
    std::size_t filled = 0;
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(m_buffer.size(), m_end - m_pos));
    while (filled < want) {
      ssize_t n = pread(m_fd, m_buffer.data() + filled, want - filled, static_cast<off_t>(m_pos + filled));
      if (n == 0) break;  // the file shrank under us: its end is the end
      if (n < 0) {
        if (errno == EINTR) continue;
        throw input_error(fmt::format("{}: read failed: {}", m_name, os_reason()));
      }
      filled += static_cast<std::size_t>(n);
    }
    m_pos += filled;
    if (filled < want) m_end = m_pos;
    return {m_buffer.data(), filled};
  }

 private:
  int m_fd;
  std::string m_name;
  std::uint64_t m_pos, m_end;
  std::vector<char> m_buffer;
};

// A gzip file inflated by zlib (concatenated members too, as gzip writes them).
class GzipSource final : public ByteSource {
 public:
  GzipSource(gzFile file, std::string name) : m_file(file), m_name(std::move(name)), m_buffer(k_chunk) {
    gzbuffer(m_file, 256 * 1024);
  }
  ~GzipSource() override { gzclose(m_file); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::string_view next_chunk() override {
    int n = gzread(m_file, m_buffer.data(), static_cast<unsigned>(m_buffer.size()));
    int code = Z_OK;
    const char* msg = gzerror(m_file, &code);
    // A short read with an error pending (corrupt data, or a file cut mid-stream) is reported,
    // not taken as the end of the log.
    if (n < 0 || (n == 0 && code != Z_OK && code != Z_STREAM_END))
      throw input_error(fmt::format("{}: corrupt or truncated gzip stream after {} bytes: {}", m_name, m_total,
                                    msg ? msg : "?"));
    m_total += static_cast<std::size_t>(n);
    return {m_buffer.data(), static_cast<std::size_t>(n)};
  }

 private:
  gzFile m_file;
  std::string m_name;
  std::vector<char> m_buffer;
  std::size_t m_total = 0;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string_view data, std::size_t chunk) : m_data(data), m_chunk(chunk ? chunk : data.size()) {}
  std::string_view next_chunk() override {
    if (m_pos >= m_data.size()) return {};
    auto piece = m_data.substr(m_pos, m_chunk);
    m_pos += piece.size();
    return piece;
  }

 private:
  std::string_view m_data;
  std::size_t m_chunk;
  std::size_t m_pos = 0;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Length of the UTF-8 sequence at `p` if well-formed (no overlongs, surrogates or > U+10FFFF).
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  const unsigned c = p[0];
  auto cont = [&](std::size_t i) { return p + i < end && (p[i] & 0xC0u) == 0x80u; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (c == 0xED && p[1] > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;
    if (c == 0xF4 && p[1] > 0x8F) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

bool clean_text(std::string_view text, const char** reason) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  // Fast path: 8 bytes at a time; stop at the first word holding a NUL or a non-ASCII byte.
  constexpr std::uint64_t k_ones = 0x0101010101010101ull, k_highs = 0x8080808080808080ull;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (((w - k_ones) & ~w & k_highs) | (w & k_highs)) break;
    p += 8;
  }
  while (p < end) {
    if (*p == 0) { *reason = k_skip_nul; return false; }
    std::size_t n = utf8_sequence(p, end);
    if (n == 0) {
      // A NUL later in the line is the better reason: binary junk usually carries both.
      *reason = std::memchr(p, 0, static_cast<std::size_t>(end - p)) ? k_skip_nul : k_skip_utf8;
      return false;
    }
    p += n;
  }
  return true;
}

Result<std::unique_ptr<ByteSource>> open_bytes(const std::string& path) {
  if (path == "-") return std::unique_ptr<ByteSource>(std::make_unique<FdSource>(0, "<stdin>", false));
  if (ends_with(path, ".gz")) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file) return input_error(fmt::format("{}: cannot open: {}", path, os_reason()));
    return std::unique_ptr<ByteSource>(std::make_unique<GzipSource>(file, path));
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return input_error(fmt::format("{}: cannot open: {}", path, os_reason()));
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    close(fd);
    return input_error(fmt::format("{}: cannot stat: {}", path, os_reason()));
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return input_error(fmt::format("{}: is a directory, expected a log file", path));
  }
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<ByteSource>(std::make_unique<FdSource>(fd, path, true));
}

Result<std::unique_ptr<ByteSource>> open_range(const std::string& path, std::uint64_t begin, std::uint64_t end) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return input_error(fmt::format("{}: cannot open: {}", path, os_reason()));
  posix_fadvise(fd, static_cast<off_t>(begin), static_cast<off_t>(end - begin), POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<ByteSource>(std::make_unique<RangeSource>(fd, path, begin, end));
}

std::unique_ptr<ByteSource> bytes_from_memory(std::string_view data, std::size_t chunk) {
  return std::make_unique<MemorySource>(data, chunk);
}

}  // namespace latbench::logs
