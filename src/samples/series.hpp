#pragma once
// A run's samples turned into the Series every report works on (run's live summary, compare,
// gate, plot), by the one rule of series_rule.hpp (docs/samples.md), shared with analyze.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/compact_column.hpp"
#include "core/series.hpp"
#include "samples/record.hpp"

namespace latbench::samples {

struct SeriesOptions {
  bool include_warmup = false;  // warm-up requests are reported separately by default
};

// Builds the run's Series one sample at a time (the driver feeds it live; the reader feeds it from
// disk), so a run never needs all samples in memory. Which request feeds which series is
// series_rule.hpp's one rule (docs/samples.md), shared with analyze. Series, in this order:
//   total      every request that got an HTTP answer, plus timeouts counted as their elapsed time
//              (at least the timeout: dropping them would flatter the tail); other failures are
//              left out and counted in total's `skipped` by error class
//   dns, connect, tls   counted requests that opened a new connection (a reused one has none);
//                       tls only for https, as the handshake's duration
//   upload, ttfb        requests with an answer
//   server_<stage>      each Server-Timing stage, in the server's order
//   network_overhead    total - server processing (total - recv, server_stages.hpp), when the
//                       server sent a total
//   latency_from_intended   open-loop runs: end - intended start (coordinated omission)
//   total_new, total_reused  total split by connection use, when the run had both (not for frames
//                            pushed to a viewer: one session carries them all)
//   gap, frame_age      frames pushed to a viewer (direction down): the inter-arrival gap and the
//                       frame's age (whose total is the age, or the gap without a timestamp)
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
  Column m_total, m_dns, m_connect, m_tls, m_upload, m_ttfb, m_overhead, m_from_intended, m_gap, m_age;
  std::vector<Column> m_server;  // by stage name as the server sent it, first-seen order
  std::vector<bool> m_total_is_new;  // per value of total: its connection was new (for the split)
  std::uint64_t m_total_new = 0;
};

std::vector<Series> samples_to_series(const std::vector<Sample>& samples,
                                      const SeriesOptions& options = {});

}  // namespace latbench::samples
