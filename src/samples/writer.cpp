#include "samples/writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "samples/json.hpp"

namespace latbench::samples {
namespace {
constexpr std::size_t k_buffer_bytes = 1 << 20;
}  // namespace

SamplesWriter::SamplesWriter(std::filesystem::path path)
    : m_path(std::move(path)), m_last_flush(std::chrono::steady_clock::now()) {
  m_file = std::fopen(m_path.c_str(), "w");
  if (!m_file) {
    throw input_error(fmt::format("{}: cannot create samples file: {}", m_path.string(),
                                  std::strerror(errno)));
  }
  // stdio's 4 KB buffer took a write() per ~10 lines, ~2% of the client's CPU at 64 keep-alive
  // connections; flush_if_due() still bounds what a killed run loses, not the buffer's size.
  // Our own buffer: glibc ignores the size when setvbuf is given none.
  m_buffer = std::make_unique<char[]>(k_buffer_bytes);
  std::setvbuf(m_file, m_buffer.get(), _IOFBF, k_buffer_bytes);
}

SamplesWriter::~SamplesWriter() {
  if (m_file) std::fclose(m_file);
}

void SamplesWriter::write(const Sample& sample) {
  if (!m_failure.empty()) return;
  m_line.clear();
  append_sample_json(m_line, sample);
  m_line += '\n';
  if (std::fwrite(m_line.data(), 1, m_line.size(), m_file) != m_line.size()) return fail(errno);
  ++m_lines;
}

void SamplesWriter::flush_if_due(std::chrono::steady_clock::time_point now) {
  if (now - m_last_flush >= std::chrono::milliseconds(500)) flush();
}

void SamplesWriter::flush() {
  m_last_flush = std::chrono::steady_clock::now();
  if (!m_failure.empty()) return;
  if (std::fflush(m_file) != 0 || std::ferror(m_file)) return fail(errno);
  m_lines_flushed = m_lines;
}

// Writing on after a refused write would leave a file with holes: what reached the disk before
// the last good flush is kept whole, nothing after it is tried.
void SamplesWriter::fail(int error) {
  m_failure = fmt::format("{}: cannot write samples after line {}: {}", m_path.string(),
                          m_lines_flushed, std::strerror(error));
}

}  // namespace latbench::samples
