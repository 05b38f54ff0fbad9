#include "samples/series.hpp"

#include <algorithm>

#include "samples/series_rule.hpp"

namespace latbench::samples {

namespace {

Series materialise(const std::string& name, const CompactColumn& column) {
  return Series{name, "ms", column.values(), {}};
}

}  // namespace

SeriesBuilder::SeriesBuilder(SeriesOptions options)
    : m_options(options),
      m_total{"total", {}},
      m_dns{"dns", {}},
      m_connect{"connect", {}},
      m_tls{"tls", {}},
      m_upload{"upload", {}},
      m_ttfb{"ttfb", {}},
      m_overhead{"network_overhead", {}},
      m_from_intended{"latency_from_intended", {}},
      m_gap{"gap", {}},
      m_age{"frame_age", {}} {}

void SeriesBuilder::add(const Sample& s) {
  if (s.warmup && !m_options.include_warmup) return;
  const SampleRole role = sample_role(s.status, s.error == ErrorClass::timeout, s.conn == ConnUse::fresh);
  if (!role.total) {
    m_total_skipped.add(std::string(error_class_name(s.error)), s.seq);
    return;
  }
  m_total.values.push_back(s.total_ms);
  // One bit per request instead of two more copies of total (total_new / total_reused). A
  // viewer's frames all ride the session its first frame opened: no split to make there.
  const bool fresh = s.conn == ConnUse::fresh && !(s.ws && s.ws->down);
  m_total_is_new.push_back(fresh);
  if (fresh) ++m_total_new;
  if (s.latency_from_intended_ms) m_from_intended.values.push_back(*s.latency_from_intended_ms);
  if (s.ws && s.ws->down) {
    if (s.ws->down->gap_ms) m_gap.values.push_back(*s.ws->down->gap_ms);
    if (s.ws->down->frame_age_ms) m_age.values.push_back(*s.ws->down->frame_age_ms);
  }
  if (role.connection) {
    if (s.dns_ms) m_dns.values.push_back(*s.dns_ms);
    if (s.connect_ms) m_connect.values.push_back(*s.connect_ms);
    if (s.tls_ms) m_tls.values.push_back(*s.tls_ms);
  }
  if (!role.answer) return;  // a timeout has no upload / ttfb / server time worth averaging
  if (s.upload_ms) m_upload.values.push_back(*s.upload_ms);
  if (s.ttfb_ms) m_ttfb.values.push_back(*s.ttfb_ms);
  for (const auto& m : s.server) {
    auto it = std::find_if(m_server.begin(), m_server.end(),
                           [&m](const Column& c) { return c.name == m.name; });
    if (it == m_server.end()) it = m_server.insert(m_server.end(), Column{m.name, {}});
    it->values.push_back(m.dur_ms);
  }
  if (s.network_overhead_ms) m_overhead.values.push_back(*s.network_overhead_ms);
}

void SeriesBuilder::for_each_series(const std::function<void(Series&&)>& fn) const {
  Series total = materialise(m_total.name, m_total.values);
  total.skipped = m_total_skipped;
  fn(std::move(total));
  for (const Column* c : {&m_dns, &m_connect, &m_tls, &m_upload, &m_ttfb}) {
    if (!c->values.empty()) fn(materialise(c->name, c->values));
  }
  for (const auto& c : m_server) fn(materialise("server_" + c.name, c.values));
  for (const Column* c : {&m_overhead, &m_from_intended, &m_gap, &m_age}) {
    if (!c->values.empty()) fn(materialise(c->name, c->values));
  }
  std::uint64_t reused = m_total_is_new.size() - m_total_new;
  if (m_total_new == 0 || reused == 0) return;
  // Split total by connection use: one decoded copy of total, two halves.
  for (bool fresh : {true, false}) {
    Series part{fresh ? "total_new" : "total_reused", "ms", {}, {}};
    part.values.reserve(fresh ? m_total_new : reused);
    std::vector<double> all = m_total.values.values();
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (m_total_is_new[i] == fresh) part.values.push_back(all[i]);
    }
    all = {};
    fn(std::move(part));
  }
}

std::vector<Series> SeriesBuilder::series() const {
  std::vector<Series> out;
  for_each_series([&out](Series&& s) { out.push_back(std::move(s)); });
  return out;
}

std::vector<Series> samples_to_series(const std::vector<Sample>& samples,
                                      const SeriesOptions& options) {
  SeriesBuilder builder(options);
  for (const auto& s : samples) builder.add(s);
  return builder.series();
}

}  // namespace latbench::samples
