#pragma once
// samples.jsonl (fields, units and rules: docs/samples.md): written line by line while a run goes
// (so Ctrl-C or a crash keeps every finished request), read back by compare / plot, and turned
// into the Series every report works on.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "client/compact_column.hpp"
#include "client/sample.hpp"
#include "core/error.hpp"
#include "core/series.hpp"

namespace latbench::client {

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
  std::FILE* m_file = nullptr;
  std::uint64_t m_lines = 0;
  std::uint64_t m_lines_flushed = 0;  // lines the kernel took at the last good flush
  std::string m_failure;
  std::chrono::steady_clock::time_point m_last_flush;
  std::string m_line;  // reused for every line: its capacity stays, no allocation per sample
};

struct SamplesFile {
  std::vector<Sample> samples;
  SkipCounts skipped;  // malformed lines (e.g. the torn last line of a killed run), by reason
};

// Reads a samples.jsonl. Unreadable file: Error (input) naming it. Malformed lines are skipped and
// counted with their line numbers rather than failing the whole file.
Result<SamplesFile> read_samples_file(const std::filesystem::path& path);

struct SeriesOptions {
  bool include_warmup = false;  // warm-up requests are reported separately by default
};

// Builds the run's Series one sample at a time (the driver feeds it live; the reader feeds it from
// disk), so a run never needs all samples in memory. Which request feeds which series is
// sample_series_rule.hpp's one rule (docs/samples.md), shared with analyze. Series, in this order:
//   total      every request that got an HTTP answer, plus timeouts counted as their elapsed time
//              (at least the timeout: dropping them would flatter the tail); other failures are
//              left out and counted in total's `skipped` by error class
//   dns, connect, tls   counted requests that opened a new connection (a reused one has none);
//                       tls only for https, as the handshake's duration
//   upload, ttfb        requests with an answer
//   server_<stage>      each Server-Timing stage, in the server's order
//   network_overhead    total - server processing (total - recv, server_timing.hpp), when the
//                       server sent a total
//   latency_from_intended   open-loop runs: end - intended start (coordinated omission)
//   total_new, total_reused  total split by connection use, when the run had both
class SeriesBuilder {
 public:
  explicit SeriesBuilder(SeriesOptions options = {});
  void add(const Sample& sample);
  // Hands each series to `fn` in the order above, built only for that call: a long run never
  // holds all its series as doubles at once (values are kept compact until then, see
  // compact_column.hpp). Empty optional series are left out, as in series().
  void for_each_series(const std::function<void(Series&&)>& fn) const;
  std::vector<Series> series() const;

 private:
  struct Column {
    std::string name;
    CompactColumn values;
  };
  SeriesOptions m_options;
  SkipCounts m_total_skipped;  // requests left out of total, by error class
  Column m_total, m_dns, m_connect, m_tls, m_upload, m_ttfb, m_overhead, m_from_intended;
  std::vector<Column> m_server;  // by stage name as the server sent it, first-seen order
  std::vector<bool> m_total_is_new;  // per value of total: its connection was new (for the split)
  std::uint64_t m_total_new = 0;
};

std::vector<Series> samples_to_series(const std::vector<Sample>& samples,
                                      const SeriesOptions& options = {});

}  // namespace latbench::client
