#pragma once
// samples.jsonl written line by line while a run goes (fields in docs/samples.md), so Ctrl-C or a
// crash keeps every finished request.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "samples/record.hpp"

namespace latbench::samples {

// Appends one JSON line per sample. Buffered; flush_if_due() pushes the buffer to the kernel at
// least once a second (DESIGN.md), so a killed run loses at most the last second.
// When the disk refuses data (full, I/O error) the writer stops writing and keeps the reason: the
// run goes on (its summary is built in memory) and reports failure() at its end.
class SamplesWriter {
 public:
  // Creates (truncates) `path`; throws latbench::Error (input) naming it when it cannot.
  explicit SamplesWriter(std::filesystem::path path);
  ~SamplesWriter();
  SamplesWriter(const SamplesWriter&) = delete;
  SamplesWriter& operator=(const SamplesWriter&) = delete;

  void write(const Sample& sample);
  void flush_if_due(std::chrono::steady_clock::time_point now);
  void flush();
  const std::filesystem::path& path() const { return m_path; }
  std::uint64_t lines() const { return m_lines; }
  // Empty while every write went through; else "<path>: cannot write samples after line N: <why>".
  const std::string& failure() const { return m_failure; }

 private:
  void fail(int error);

  std::filesystem::path m_path;
  std::unique_ptr<char[]> m_buffer;  // m_file's stdio buffer; freed after the fclose
  std::FILE* m_file = nullptr;
  std::uint64_t m_lines = 0;
  std::uint64_t m_lines_flushed = 0;  // lines the kernel took at the last good flush
  std::string m_failure;
  std::chrono::steady_clock::time_point m_last_flush;
  std::string m_line;  // reused for every line: its capacity stays, no allocation per sample
};

}  // namespace latbench::samples
